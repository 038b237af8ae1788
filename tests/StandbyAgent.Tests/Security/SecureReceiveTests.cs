using System.Globalization;
using StandbyAgent.Protocol.Replication;
using StandbyAgent.Testing;
using StandbyAgent.Testing.Tls;
using StandbyAgent.Tests.Support;

namespace StandbyAgent.Tests.Security;

/// <summary>
/// <c>standby-agent receive</c> as users run it against a server with TLS: verify-full with
/// channel binding streams; an untrusted root, a wrong password and a client key others can read
/// each end the command at once with libpq's message, and no secret is printed.
/// </summary>
[Collection(TlsPostgresFixture.CollectionName)]
public sealed class SecureReceiveTests(TlsPostgresFixture fixture) : IAsyncLifetime, IDisposable
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(1);

    private readonly TempDirectory _home = new();
    private readonly TempDirectory _wal = new();

    public Task InitializeAsync() => fixture.UseServerTlsAsync(fixture.Pki.ServerTls);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Verify_full_with_channel_binding_required_streams_wal()
    {
        await using AgentProcess agent = Start(ConnInfo(TestUsers.Replicator.Password!, "sslmode=verify-full channel_binding=require"), "-v");

        await Eventually.TrueAsync(
            () => _wal.FileNames.Any(name => name.EndsWith(WalFileName.PartialSuffix, StringComparison.Ordinal)) || agent.HasExited,
            s_timeout,
            () => $"the agent did not start streaming; stderr: {agent.StandardError}");
        agent.Terminate();

        Assert.Equal(0, await agent.WaitForExitAsync(TimeSpan.FromSeconds(20)));
        Assert.Contains("TLS established with", agent.StandardError, StringComparison.Ordinal);
        Assert.Contains("scram-sha-256-plus authentication", agent.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_untrusted_root_ends_the_command_with_certificate_verify_failed()
    {
        (int exitCode, string stderr) = await RunAsync(ConnInfo(TestUsers.Replicator.Password!, $"sslmode=verify-full sslrootcert={fixture.Pki.UntrustedRootCertificateFile}"), "--no-loop");

        Assert.Equal(1, exitCode);
        Assert.Contains("SSL error: certificate verify failed", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_password_says_authentication_failed_ends_without_retrying_and_prints_no_password()
    {
        const string WrongPassword = "N0t-the-replicator-password";

        // Without --no-loop: only an operator can fix the password, so waiting to retry helps nobody.
        await using AgentProcess agent = Start(ConnInfo(WrongPassword, "sslmode=prefer"), "-v");
        int exitCode = await agent.WaitForExitAsync(s_timeout);

        Assert.Equal(1, exitCode);
        Assert.Contains("password authentication failed for user \"replicator\"", agent.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain(WrongPassword, agent.StandardError + agent.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_key_that_others_can_read_is_refused_without_retrying()
    {
        string key = Path.Combine(_home.Path, "client.key");
        File.Copy(fixture.Pki.ClientKeyFile, key);
        File.SetUnixFileMode(key, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);

        (int exitCode, string stderr) = await RunAsync(
            $"host={TestPki.ServerName} hostaddr=127.0.0.1 port={Port} user={TlsTestUsers.CertUser.Name} sslmode=verify-full "
            + $"sslrootcert={fixture.Pki.RootCertificateFile} sslcert={fixture.Pki.ClientCertificateFile} sslkey={key}");

        Assert.Equal(1, exitCode);
        Assert.Contains($"private key file \"{key}\" has group or world access", stderr, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _home.Dispose();
        _wal.Dispose();
    }

    private string Port => fixture.Cluster.Port.ToString(CultureInfo.InvariantCulture);

    private string ConnInfo(string password, string settings) =>
        $"host={TestPki.ServerName} hostaddr=127.0.0.1 port={Port} user={TestUsers.Replicator.Name} password={password} "
        + $"sslrootcert={fixture.Pki.RootCertificateFile} connect_timeout=10 {settings}";

    private AgentProcess Start(string conninfo, params string[] more) =>
        AgentProcess.Start(["receive", "--directory", _wal.Path, "--dbname", conninfo, .. more], new Dictionary<string, string?> { ["HOME"] = _home.Path });

    private Task<(int ExitCode, string StandardError)> RunAsync(string conninfo, params string[] more) =>
        AgentProcess.RunAsync(["receive", "--directory", _wal.Path, "--dbname", conninfo, .. more], s_timeout, new Dictionary<string, string?> { ["HOME"] = _home.Path });
}
