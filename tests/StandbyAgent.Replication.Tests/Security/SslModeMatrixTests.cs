using StandbyAgent.LocalCluster;
using StandbyAgent.Replication.Tests.Configuration;
using StandbyAgent.Testing;
using StandbyAgent.Testing.Tls;
using Xunit;

namespace StandbyAgent.Replication.Tests.Security;

/// <summary>
/// libpq's 005_negotiate_encryption.pl matrix for this client: every sslmode against the server
/// with TLS on and off, for a user pg_hba.conf admits over any connection (host), only over TLS
/// (hostssl) and only without it (hostnossl). The outcome, as the server sees it, must be the one
/// libpq's table gives, and the one real libpq gets here.
/// </summary>
[Collection(TlsPostgresFixture.CollectionName)]
public sealed class SslModeMatrixTests(TlsPostgresFixture fixture) : IDisposable
{
    private readonly TemporaryDirectory _home = new();

    public static TheoryData<bool, string, string, string> Matrix => new()
    {
        // server TLS, user, sslmode, libpq's outcome
        { true, "replicator", "disable", "plain" },
        { true, "replicator", "allow", "plain" },
        { true, "replicator", "prefer", "ssl" },
        { true, "replicator", "require", "ssl" },
        { true, "replicator", "verify-ca", "ssl" },
        { true, "replicator", "verify-full", "ssl" },
        { true, "ssluser", "disable", "fail" },
        { true, "ssluser", "allow", "ssl" },
        { true, "ssluser", "prefer", "ssl" },
        { true, "ssluser", "require", "ssl" },
        { true, "ssluser", "verify-ca", "ssl" },
        { true, "ssluser", "verify-full", "ssl" },
        { true, "nossluser", "disable", "plain" },
        { true, "nossluser", "allow", "plain" },
        { true, "nossluser", "prefer", "plain" },
        { true, "nossluser", "require", "fail" },
        { true, "nossluser", "verify-ca", "fail" },
        { true, "nossluser", "verify-full", "fail" },
        { false, "replicator", "disable", "plain" },
        { false, "replicator", "allow", "plain" },
        { false, "replicator", "prefer", "plain" },
        { false, "replicator", "require", "fail" },
        { false, "replicator", "verify-ca", "fail" },
        { false, "replicator", "verify-full", "fail" },
        { false, "ssluser", "disable", "fail" },
        { false, "ssluser", "allow", "fail" },
        { false, "ssluser", "prefer", "fail" },
        { false, "ssluser", "require", "fail" },
        { false, "ssluser", "verify-ca", "fail" },
        { false, "ssluser", "verify-full", "fail" },
        { false, "nossluser", "disable", "plain" },
        { false, "nossluser", "allow", "plain" },
        { false, "nossluser", "prefer", "plain" },
        { false, "nossluser", "require", "fail" },
        { false, "nossluser", "verify-ca", "fail" },
        { false, "nossluser", "verify-full", "fail" },
    };

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Each_sslmode_ends_as_libpq_says_and_as_libpq_does(bool serverTls, string userName, string sslmode, string expected)
    {
        await fixture.UseServerTlsAsync(serverTls ? fixture.Pki.ServerTls : null);
        ClusterUser user = TlsTestUsers.All.Single(candidate => candidate.Name == userName);
        string conninfo = TlsTestConnInfo.For(fixture, user, $"sslmode={sslmode}");

        ConnectionOutcome agent = await AgentClient.ConnectAsync(fixture, conninfo, _home.Path);
        ConnectionOutcome libpq = await Libpq.ConnectAsync(fixture, conninfo, _home.Path);

        Assert.Equal(expected, libpq.Kind);
        Assert.True(expected == agent.Kind, $"agent: {agent}; libpq: {libpq}");
    }

    /// <summary>libpq never sends SSLRequest over a Unix socket, whatever sslmode says; channel binding then has no TLS to bind to.</summary>
    [Theory]
    [InlineData("sslmode=verify-full", "plain")]
    [InlineData("sslmode=require channel_binding=require", "fail")]
    public async Task Over_a_unix_socket_sslmode_does_not_apply(string settings, string expected)
    {
        await fixture.UseServerTlsAsync(fixture.Pki.ServerTls);
        string conninfo = $"host={fixture.Cluster.BaseDirectory} port={fixture.Cluster.Port} user=replicator password={TestUsers.Replicator.Password} {settings}";

        ConnectionOutcome agent = await AgentClient.ConnectAsync(fixture, conninfo, _home.Path);
        ConnectionOutcome libpq = await Libpq.ConnectAsync(fixture, conninfo, _home.Path);

        Assert.Equal(expected, libpq.Kind);
        Assert.True(expected == agent.Kind, $"agent: {agent}; libpq: {libpq}");
    }

    public void Dispose() => _home.Dispose();
}
