using System.Diagnostics;
using StandbyAgent.LocalCluster;
using StandbyAgent.Replication.Tests.Configuration;
using StandbyAgent.Testing;
using StandbyAgent.Testing.Tls;
using Xunit;

namespace StandbyAgent.Replication.Tests.Security;

/// <summary>
/// The server's certificate as verify-ca and verify-full judge it (and as require and prefer do when
/// a root file exists, libpq's quirk, copied): the host name, the root, revocation lists, and the
/// client's own certificate and key. Each case runs the agent and real libpq with the same settings.
/// </summary>
[Collection(TlsPostgresFixture.CollectionName)]
public sealed class CertificateVerificationTests(TlsPostgresFixture fixture) : IAsyncLifetime, IDisposable
{
    private readonly TemporaryDirectory _home = new();

    private TestPki Pki => fixture.Pki;

    public Task InitializeAsync() => fixture.UseServerTlsAsync(fixture.Pki.ServerTls);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Verify_full_refuses_a_certificate_for_another_host_name_with_libpqs_message()
    {
        (ConnectionOutcome agent, ConnectionOutcome libpq) = await BothAsync(
            $"host=wrong.standby.test hostaddr=127.0.0.1 port={fixture.Cluster.Port} user=replicator password={TestUsers.Replicator.Password} sslmode=verify-full sslrootcert={Pki.RootCertificateFile}");

        Assert.Equal("server certificate for \"pg.standby.test\" (and 1 other name) does not match host name \"wrong.standby.test\"", agent.Error);
        Assert.Contains(agent.Error, libpq.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_ca_accepts_the_same_certificate_under_another_host_name()
    {
        (ConnectionOutcome agent, ConnectionOutcome libpq) = await BothAsync(
            $"host=wrong.standby.test hostaddr=127.0.0.1 port={fixture.Cluster.Port} user=replicator password={TestUsers.Replicator.Password} sslmode=verify-ca sslrootcert={Pki.RootCertificateFile}");

        Assert.Equal("ssl", agent.Kind);
        Assert.Equal("ssl", libpq.Kind);
    }

    [Fact]
    public async Task Verify_full_matches_an_address_against_the_certificates_ip_address()
    {
        (ConnectionOutcome agent, ConnectionOutcome libpq) = await BothAsync(
            $"host=127.0.0.1 port={fixture.Cluster.Port} user=replicator password={TestUsers.Replicator.Password} sslmode=verify-full sslrootcert={Pki.RootCertificateFile}");

        Assert.Equal("ssl", agent.Kind);
        Assert.Equal("ssl", libpq.Kind);
    }

    [Theory]
    [InlineData("verify-full", "fail")]
    [InlineData("verify-ca", "fail")]
    [InlineData("require", "fail")]
    [InlineData("prefer", "plain")]
    public async Task An_untrusted_root_fails_verification_in_every_mode_that_loads_it_and_prefer_falls_back_to_plain_text(string sslmode, string expected)
    {
        (ConnectionOutcome agent, ConnectionOutcome libpq) = await BothAsync(
            TlsTestConnInfo.For(fixture, TestUsers.Replicator, $"sslmode={sslmode} sslrootcert={Pki.UntrustedRootCertificateFile}"));

        Assert.Equal(expected, libpq.Kind);
        Assert.True(expected == agent.Kind, $"agent: {agent}; libpq: {libpq}");
        if (expected == "fail")
        {
            Assert.StartsWith("SSL error: certificate verify failed", agent.Error, StringComparison.Ordinal);
            Assert.Contains("certificate verify failed", libpq.Error, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("verify-ca", "fail")]
    [InlineData("require", "ssl")]
    public async Task A_missing_root_file_fails_the_verify_modes_and_lets_require_go_unverified(string sslmode, string expected)
    {
        string missing = Pki.PathOf("no-such-root.crt");
        (ConnectionOutcome agent, ConnectionOutcome libpq) = await BothAsync(
            TlsTestConnInfo.For(fixture, TestUsers.Replicator, $"sslmode={sslmode} sslrootcert={missing}"));

        Assert.Equal(expected, libpq.Kind);
        Assert.True(expected == agent.Kind, $"agent: {agent}; libpq: {libpq}");
        if (expected == "fail")
        {
            Assert.StartsWith($"root certificate file \"{missing}\" does not exist", agent.Error, StringComparison.Ordinal);
            Assert.Contains($"root certificate file \"{missing}\" does not exist", libpq.Error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_default_root_file_in_the_home_directory_is_used_when_sslrootcert_is_not_given()
    {
        string tlsDirectory = Directory.CreateDirectory(Path.Combine(_home.Path, ".postgresql")).FullName;
        File.Copy(Pki.RootCertificateFile, Path.Combine(tlsDirectory, "root.crt"));

        (ConnectionOutcome agent, ConnectionOutcome libpq) = await BothAsync(
            $"host={TestPki.ServerName} hostaddr=127.0.0.1 port={fixture.Cluster.Port} user=replicator password={TestUsers.Replicator.Password} sslmode=verify-full");

        Assert.Equal("ssl", agent.Kind);
        Assert.Equal("ssl", libpq.Kind);
    }

    [Theory]
    [InlineData("empty", "ssl", "")]
    [InlineData("revoking", "fail", "certificate revoked")]
    [InlineData("other", "fail", "unable to get certificate CRL")]
    public async Task A_revocation_list_must_come_from_the_servers_issuer_and_must_not_list_its_certificate(string list, string expected, string reason)
    {
        string file = list switch
        {
            "empty" => Pki.EmptyRevocationListFile,
            "revoking" => Pki.ServerRevokedListFile,
            _ => Pki.OtherAuthorityRevocationListFile,
        };

        (ConnectionOutcome agent, ConnectionOutcome libpq) = await BothAsync(
            TlsTestConnInfo.For(fixture, TestUsers.Replicator, $"sslmode=verify-full sslcrl={file}"));

        Assert.Equal(expected, libpq.Kind);
        Assert.True(expected == agent.Kind, $"agent: {agent}; libpq: {libpq}");
        Assert.EndsWith(reason, agent.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("empty", "ssl")]
    [InlineData("revoking", "fail")]
    public async Task A_revocation_list_directory_is_read_by_rehash_names(string list, string expected)
    {
        string directory = Directory.CreateDirectory(Path.Combine(_home.Path, "crls")).FullName;
        string source = list == "empty" ? Pki.EmptyRevocationListFile : Pki.ServerRevokedListFile;
        File.Copy(source, Path.Combine(directory, await OpenSslHashAsync(source) + ".r0"));

        (ConnectionOutcome agent, ConnectionOutcome libpq) = await BothAsync(
            TlsTestConnInfo.For(fixture, TestUsers.Replicator, $"sslmode=verify-full sslcrldir={directory}"));

        Assert.Equal(expected, libpq.Kind);
        Assert.True(expected == agent.Kind, $"agent: {agent}; libpq: {libpq}");
    }

    [Fact]
    public async Task A_client_certificate_signs_in_a_cert_user_and_without_one_the_server_refuses()
    {
        string withCertificate = TlsTestConnInfo.For(
            fixture, TlsTestUsers.CertUser, $"sslmode=verify-full sslcert={Pki.ClientCertificateFile} sslkey={Pki.ClientKeyFile}");
        string withoutCertificate = TlsTestConnInfo.For(fixture, TlsTestUsers.CertUser, "sslmode=verify-full");

        (ConnectionOutcome agentWith, ConnectionOutcome libpqWith) = await BothAsync(withCertificate);
        (ConnectionOutcome agentWithout, ConnectionOutcome libpqWithout) = await BothAsync(withoutCertificate);

        Assert.Equal(("ssl", "ssl"), (agentWith.Kind, libpqWith.Kind));
        Assert.Equal(("fail", "fail"), (agentWithout.Kind, libpqWithout.Kind));
        Assert.Contains("certificate", agentWithout.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_default_client_certificate_and_key_in_the_home_directory_are_used()
    {
        string tlsDirectory = Directory.CreateDirectory(Path.Combine(_home.Path, ".postgresql")).FullName;
        File.Copy(Pki.ClientCertificateFile, Path.Combine(tlsDirectory, "postgresql.crt"));
        File.Copy(Pki.ClientKeyFile, Path.Combine(tlsDirectory, "postgresql.key"));
        File.SetUnixFileMode(Path.Combine(tlsDirectory, "postgresql.key"), UnixFileMode.UserRead | UnixFileMode.UserWrite);

        (ConnectionOutcome agent, ConnectionOutcome libpq) = await BothAsync(TlsTestConnInfo.For(fixture, TlsTestUsers.CertUser, "sslmode=verify-full"));

        Assert.Equal("ssl", agent.Kind);
        Assert.Equal("ssl", libpq.Kind);
    }

    [Fact]
    public async Task A_client_key_that_others_can_read_is_refused_with_libpqs_message()
    {
        string key = Pki.PathOf($"open-{Guid.NewGuid():N}.key");
        File.Copy(Pki.ClientKeyFile, key);
        File.SetUnixFileMode(key, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        (ConnectionOutcome agent, ConnectionOutcome libpq) = await BothAsync(
            TlsTestConnInfo.For(fixture, TlsTestUsers.CertUser, $"sslmode=verify-full sslcert={Pki.ClientCertificateFile} sslkey={key}"));

        Assert.Equal(("fail", "fail"), (agent.Kind, libpq.Kind));
        Assert.StartsWith($"private key file \"{key}\" has group or world access", agent.Error, StringComparison.Ordinal);
        Assert.Contains($"private key file \"{key}\" has group or world access", libpq.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(TestPki.ClientKeyPassphrase, "ssl")]
    [InlineData("wrong-passphrase", "fail")]
    public async Task An_encrypted_client_key_is_opened_with_sslpassword(string passphrase, string expected)
    {
        (ConnectionOutcome agent, ConnectionOutcome libpq) = await BothAsync(
            TlsTestConnInfo.For(fixture, TlsTestUsers.CertUser, $"sslmode=verify-full sslcert={Pki.ClientCertificateFile} sslkey={Pki.EncryptedClientKeyFile} sslpassword={passphrase}"));

        Assert.Equal(expected, libpq.Kind);
        Assert.True(expected == agent.Kind, $"agent: {agent}; libpq: {libpq}");
        Assert.DoesNotContain(passphrase, agent.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ssl_max_protocol_version=TLSv1.2", "ssl")]
    [InlineData("ssl_min_protocol_version=TLSv1.3", "ssl")]
    [InlineData("ssl_min_protocol_version=TLSv1.3 ssl_max_protocol_version=TLSv1.2", "fail")]
    public async Task Protocol_version_bounds_are_honoured_and_an_empty_range_is_refused(string bounds, string expected)
    {
        (ConnectionOutcome agent, ConnectionOutcome libpq) = await BothAsync(TlsTestConnInfo.For(fixture, TestUsers.Replicator, $"sslmode=verify-full {bounds}"));

        Assert.Equal(expected, libpq.Kind);
        Assert.True(expected == agent.Kind, $"agent: {agent}; libpq: {libpq}");
        if (expected == "fail")
        {
            Assert.Equal("invalid SSL protocol version range", agent.Error);
        }
    }

    public void Dispose() => _home.Dispose();

    private static async Task<string> OpenSslHashAsync(string crlFile)
    {
        using Process openssl = Process.Start(new ProcessStartInfo("openssl", ["crl", "-hash", "-noout", "-in", crlFile]) { RedirectStandardOutput = true })!;
        string hash = (await openssl.StandardOutput.ReadToEndAsync()).Trim();
        await openssl.WaitForExitAsync();
        return hash;
    }

    private async Task<(ConnectionOutcome Agent, ConnectionOutcome Libpq)> BothAsync(string conninfo) =>
        (await AgentClient.ConnectAsync(fixture, conninfo, _home.Path), await Libpq.ConnectAsync(fixture, conninfo, _home.Path));
}
