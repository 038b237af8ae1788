using StandbyAgent.Replication.Tests.Configuration;
using StandbyAgent.Testing;
using StandbyAgent.Testing.Tls;
using Xunit;

namespace StandbyAgent.Replication.Tests.Security;

/// <summary>
/// A wrong password fails with the server's "password authentication failed" and the password
/// appears nowhere: not in the error, not in a log line. With sslmode=prefer libpq tries TLS, then
/// plain text, and so does the agent, logging the first failure.
/// </summary>
[Collection(TlsPostgresFixture.CollectionName)]
public sealed class WrongPasswordTests(TlsPostgresFixture fixture) : IDisposable
{
    private const string WrongPassword = "Wr0ng-pa55word-that-must-not-show";

    private readonly TemporaryDirectory _home = new();

    [Theory]
    [InlineData("prefer")]
    [InlineData("verify-full")]
    public async Task A_wrong_password_says_authentication_failed_and_shows_no_password(string sslmode)
    {
        await fixture.UseServerTlsAsync(fixture.Pki.ServerTls);
        string conninfo = TlsTestConnInfo.For(fixture, TestUsers.Replicator, $"sslmode={sslmode}", WrongPassword);
        var log = new RecordingLogger();

        ConnectionOutcome agent = await AgentClient.ConnectAsync(fixture, conninfo, _home.Path, log);
        ConnectionOutcome libpq = await Libpq.ConnectAsync(fixture, conninfo, _home.Path);

        const string Expected = "password authentication failed for user \"replicator\"";
        Assert.Contains(Expected, agent.Error, StringComparison.Ordinal);
        Assert.Contains(Expected, libpq.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(WrongPassword, agent.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(log.Entries, entry => entry.Message.Contains(WrongPassword, StringComparison.Ordinal));
        int attempts = sslmode == "prefer" ? 2 : 1;
        Assert.Equal(attempts, libpq.Error.Split(Expected).Length - 1);
        Assert.Equal(attempts - 1, log.Entries.Count(entry => entry.Message.Contains("trying again without encryption", StringComparison.Ordinal)));
    }

    public void Dispose() => _home.Dispose();
}
