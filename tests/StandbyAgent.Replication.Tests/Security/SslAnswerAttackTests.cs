using System.Security.Cryptography.X509Certificates;
using StandbyAgent.Replication.Tests.Configuration;
using StandbyAgent.Testing.Tls;
using StandbyAgent.Testing.Wire;
using Xunit;

namespace StandbyAgent.Replication.Tests.Security;

/// <summary>
/// A man in the middle answering SSLRequest (reliability.md H6, libpq's CVE-2021-23222 and
/// CVE-2024-10977 fixes): bytes injected after 'S', an ErrorResponse instead of an answer, and a
/// byte that is no answer at all. The agent and real libpq must both refuse, with the same
/// message, in every sslmode that sends SSLRequest, and never show the injected text.
/// </summary>
[Collection(TlsPostgresFixture.CollectionName)]
public sealed class SslAnswerAttackTests(TlsPostgresFixture fixture) : IDisposable
{
    private const string InjectedText = "injected-by-the-man-in-the-middle";

    private readonly TemporaryDirectory _home = new();

    [Theory]
    [InlineData("prefer")]
    [InlineData("require")]
    public async Task Bytes_after_the_s_answer_end_the_attempt_before_any_handshake(string sslmode)
    {
        byte[] answer = [(byte)'S', .. BackendMessages.Frame(Protocol.BackendMessageCode.AuthenticationRequest, BackendMessages.Authentication(Protocol.AuthenticationRequestType.Ok))];

        (ConnectionOutcome agent, SslAnswerScript agentScript) = await AgentAgainstAsync(answer, sslmode);
        (ConnectionOutcome libpq, SslAnswerScript libpqScript) = await LibpqAgainstAsync(answer, sslmode);

        Assert.Equal("received unencrypted data after SSL response", agent.Error);
        Assert.Contains("received unencrypted data after SSL response", libpq.Error, StringComparison.Ordinal);
        Assert.False(agentScript.ClientSpokeAfterAnswer);
        Assert.True(libpqScript.HandshakeCompleted);
    }

    [Theory]
    [InlineData("prefer")]
    [InlineData("require")]
    public async Task An_error_instead_of_an_answer_is_not_shown_and_not_retried_without_tls(string sslmode)
    {
        byte[] answer = BackendMessages.Frame(Protocol.BackendMessageCode.ErrorResponse, BackendMessages.Error("FATAL", "28000", InjectedText));
        var log = new RecordingLogger();

        (ConnectionOutcome agent, SslAnswerScript agentScript) = await AgentAgainstAsync(answer, sslmode, log);
        (ConnectionOutcome libpq, _) = await LibpqAgainstAsync(answer, sslmode);

        Assert.Equal("server sent an error response during SSL exchange", agent.Error);
        Assert.Contains("server sent an error response during SSL exchange", libpq.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(InjectedText, libpq.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(log.Entries, entry => entry.Message.Contains(InjectedText, StringComparison.Ordinal));
        Assert.False(agentScript.ClientSpokeAfterAnswer);
    }

    [Fact]
    public async Task An_answer_that_is_neither_s_nor_n_is_refused()
    {
        (ConnectionOutcome agent, _) = await AgentAgainstAsync("X"u8.ToArray(), "prefer");
        (ConnectionOutcome libpq, _) = await LibpqAgainstAsync("X"u8.ToArray(), "prefer");

        Assert.Equal("received invalid response to SSL negotiation: X", agent.Error);
        Assert.Contains("received invalid response to SSL negotiation: X", libpq.Error, StringComparison.Ordinal);
    }

    public void Dispose() => _home.Dispose();

    private static string ConnInfo(int port, string sslmode) =>
        $"host=127.0.0.1 port={port} user=replicator password=unused sslmode={sslmode} connect_timeout=10";

    private async Task<(ConnectionOutcome Outcome, SslAnswerScript Script)> AgentAgainstAsync(byte[] answer, string sslmode, RecordingLogger? log = null)
    {
        await using var script = new SslAnswerScript(answer, ServerCertificate());
        ConnectionOutcome outcome = await AgentClient.ConnectAsync(fixture, ConnInfo(script.Port, sslmode), _home.Path, log);
        return (outcome, script);
    }

    private async Task<(ConnectionOutcome Outcome, SslAnswerScript Script)> LibpqAgainstAsync(byte[] answer, string sslmode)
    {
        await using var script = new SslAnswerScript(answer, ServerCertificate());
        ConnectionOutcome outcome = await Libpq.ConnectAsync(fixture, ConnInfo(script.Port, sslmode), _home.Path);
        return (outcome, script);
    }

    private X509Certificate2 ServerCertificate() =>
        X509Certificate2.CreateFromPem(fixture.Pki.ServerTls.CertificatePem, fixture.Pki.ServerTls.PrivateKeyPem);
}
