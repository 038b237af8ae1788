using StandbyAgent.LocalCluster;
using StandbyAgent.Replication.Tests.Configuration;
using StandbyAgent.Testing.Tls;
using Xunit;

namespace StandbyAgent.Replication.Tests.Security;

/// <summary>
/// require_auth against the real server's methods, with the outcomes and messages of PostgreSQL
/// 16's libpq (src/test/authentication/t/001_password.pl). The libpq here is 15, which rejects
/// require_auth as an unknown option, so these cases are compared with 16's source, not run.
/// </summary>
[Collection(TlsPostgresFixture.CollectionName)]
public sealed class RequireAuthTests(TlsPostgresFixture fixture) : IDisposable
{
    private readonly TemporaryDirectory _home = new();

    public static TheoryData<string, string, string> Cases => new()
    {
        // user (pg_hba.conf method), require_auth, outcome or libpq 16's error
        { "replicator", "scram-sha-256", "ssl" },
        { "pwuser", "password", "ssl" },
        { "md5user", "md5", "ssl" },
        { "trustuser", "none", "ssl" },
        { "trustuser", "scram-sha-256,none", "ssl" },
        { "replicator", "!password,!md5", "ssl" },
        { "pwuser", "scram-sha-256", "authentication method requirement \"scram-sha-256\" failed: server requested a cleartext password" },
        { "md5user", "scram-sha-256", "authentication method requirement \"scram-sha-256\" failed: server requested a hashed password" },
        { "trustuser", "scram-sha-256", "authentication method requirement \"scram-sha-256\" failed: server did not complete authentication" },
        { "replicator", "md5", "authentication method requirement \"md5\" failed: server requested SASL authentication" },
        { "replicator", "none", "authentication method requirement \"none\" failed: server requested SASL authentication" },
        { "pwuser", "!password", "authentication method requirement \"!password\" failed: server requested a cleartext password" },
        { "trustuser", "!none", "authentication method requirement \"!none\" failed: server did not complete authentication" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task The_server_may_only_ask_for_what_require_auth_allows(string userName, string requirement, string expected)
    {
        await fixture.UseServerTlsAsync(fixture.Pki.ServerTls);
        ClusterUser user = TlsTestUsers.All.Single(candidate => candidate.Name == userName);

        ConnectionOutcome agent = await AgentClient.ConnectAsync(fixture, TlsTestConnInfo.For(fixture, user, $"sslmode=verify-full require_auth={requirement}"), _home.Path);

        Assert.Equal(expected, agent.Connected ? agent.Kind : agent.Error);
    }

    [Fact]
    public async Task The_libpq_here_does_not_know_require_auth_so_it_is_compared_with_postgresql_16_instead()
    {
        ConnectionOutcome libpq = await Libpq.ConnectAsync(fixture, TlsTestConnInfo.For(fixture, TlsTestUsers.SslUser, "require_auth=scram-sha-256"), _home.Path);

        Assert.Contains("invalid connection option \"require_auth\"", libpq.Error, StringComparison.Ordinal);
    }

    public void Dispose() => _home.Dispose();
}
