using StandbyAgent.LocalCluster;
using StandbyAgent.Replication.Tests.Configuration;
using StandbyAgent.Testing;
using StandbyAgent.Testing.Tls;
using Xunit;

namespace StandbyAgent.Replication.Tests.Security;

/// <summary>
/// channel_binding against the real server, after libpq's 002_scram.pl: SCRAM-SHA-256-PLUS over
/// TLS (which only succeeds if the server computed the same certificate hash), and every way a
/// server can avoid binding, each refused as libpq refuses it.
/// </summary>
[Collection(TlsPostgresFixture.CollectionName)]
public sealed class ChannelBindingTests(TlsPostgresFixture fixture) : IDisposable
{
    private readonly TemporaryDirectory _home = new();

    public static TheoryData<string, string, string> Cases => new()
    {
        // user, extra settings, libpq's outcome or error
        { "replicator", "channel_binding=require sslmode=verify-full", "ssl" },
        { "replicator", "channel_binding=disable sslmode=verify-full", "ssl" },
        { "replicator", "channel_binding=require sslmode=disable", "channel binding required, but SSL not in use" },
        { "md5user", "channel_binding=require sslmode=verify-full", "channel binding required but not supported by server's authentication request" },
        { "pwuser", "channel_binding=require sslmode=verify-full", "channel binding required but not supported by server's authentication request" },
        { "trustuser", "channel_binding=require sslmode=verify-full", "channel binding required, but server authenticated client without channel binding" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Channel_binding_ends_as_in_libpq(string userName, string settings, string expected)
    {
        await fixture.UseServerTlsAsync(fixture.Pki.ServerTls);
        ClusterUser user = TlsTestUsers.All.Single(candidate => candidate.Name == userName);

        (ConnectionOutcome agent, ConnectionOutcome libpq) = await BothAsync(TlsTestConnInfo.For(fixture, user, settings));

        AssertOutcome(expected, agent, libpq);
    }

    [Fact]
    public async Task Certificate_authentication_does_not_satisfy_channel_binding()
    {
        await fixture.UseServerTlsAsync(fixture.Pki.ServerTls);

        (ConnectionOutcome agent, ConnectionOutcome libpq) = await BothAsync(TlsTestConnInfo.For(
            fixture, TlsTestUsers.CertUser, $"channel_binding=require sslmode=verify-full sslcert={fixture.Pki.ClientCertificateFile} sslkey={fixture.Pki.ClientKeyFile}"));

        AssertOutcome("channel binding required, but server authenticated client without channel binding", agent, libpq);
    }

    [Fact]
    public async Task Channel_binding_cannot_be_required_from_a_server_without_tls()
    {
        await fixture.UseServerTlsAsync(null);

        (ConnectionOutcome agent, ConnectionOutcome libpq) = await BothAsync(TlsTestConnInfo.For(fixture, TestUsers.Replicator, "channel_binding=require sslmode=prefer"));

        AssertOutcome("channel binding required, but SSL not in use", agent, libpq);
    }

    /// <summary>
    /// RSASSA-PSS with SHA-384: the hash comes from the PSS parameters (PostgreSQL bug #17760), and
    /// it is not SHA-256, so a client that guessed would be refused by the server.
    /// </summary>
    [Fact]
    public async Task Channel_binding_works_with_a_certificate_signed_with_rsa_pss_and_sha_384()
    {
        await fixture.UseServerTlsAsync(fixture.Pki.PssServerTls);
        try
        {
            (ConnectionOutcome agent, ConnectionOutcome libpq) = await BothAsync(TlsTestConnInfo.For(fixture, TestUsers.Replicator, "channel_binding=require sslmode=verify-full"));

            AssertOutcome("ssl", agent, libpq);
        }
        finally
        {
            await fixture.UseServerTlsAsync(fixture.Pki.ServerTls);
        }
    }

    public void Dispose() => _home.Dispose();

    private static void AssertOutcome(string expected, ConnectionOutcome agent, ConnectionOutcome libpq)
    {
        if (expected == "ssl")
        {
            Assert.True(agent.Kind == "ssl" && libpq.Kind == "ssl", $"agent: {agent}; libpq: {libpq}");
            return;
        }

        Assert.Equal(expected, agent.Error);
        Assert.Contains(expected, libpq.Error, StringComparison.Ordinal);
    }

    private async Task<(ConnectionOutcome Agent, ConnectionOutcome Libpq)> BothAsync(string conninfo) =>
        (await AgentClient.ConnectAsync(fixture, conninfo, _home.Path), await Libpq.ConnectAsync(fixture, conninfo, _home.Path));
}
