using System.Security.Authentication;
using Microsoft.Extensions.Logging.Abstractions;
using StandbyAgent.Protocol.Authentication;
using StandbyAgent.Replication.Configuration;
using StandbyAgent.Replication.Tests.Configuration;
using Xunit;

namespace StandbyAgent.Replication.Tests.Security;

/// <summary>
/// The TLS keywords as libpq resolves them before connecting: files under ~/.postgresql by
/// default, sslrootcert=system and the verify-full it implies, protocol bounds, channel_binding
/// and require_auth, with libpq's messages for what it refuses.
/// </summary>
public sealed class TlsSettingsResolutionTests
{
    private readonly FakeConnectionEnvironment _environment = new() { HomeDirectory = "/home/standby" };

    [Fact]
    public void Files_not_given_are_looked_for_under_the_home_directory()
    {
        using ConnectionSettings settings = Resolve("host=db");

        Assert.Equal("/home/standby/.postgresql/root.crt", settings.Tls.RootCertificateFile);
        Assert.Equal("/home/standby/.postgresql/root.crl", settings.Tls.CrlFile);
        Assert.Null(settings.Tls.CrlDirectory);
        Assert.Equal("/home/standby/.postgresql/postgresql.crt", settings.Tls.CertificateFile);
        Assert.Equal("/home/standby/.postgresql/postgresql.key", settings.Tls.KeyFile);
        Assert.Equal(SslProtocols.Tls12 | SslProtocols.Tls13, settings.Tls.Protocols);
        Assert.True(settings.Tls.ServerNameIndication);
        Assert.True(settings.Tls.SendClientCertificate);
        Assert.Equal(ChannelBindingMode.Prefer, settings.ChannelBinding);
        Assert.Same(AuthenticationPolicy.Unrestricted, settings.RequireAuth);
    }

    [Fact]
    public void Given_files_win_and_a_crl_directory_replaces_the_default_list()
    {
        using ConnectionSettings settings = Resolve("host=db sslrootcert=/etc/ca.crt sslcrldir=/etc/crls sslcert=/etc/c.crt sslkey=/etc/c.key sslcertmode=disable sslsni=0");

        Assert.Equal("/etc/ca.crt", settings.Tls.RootCertificateFile);
        Assert.Null(settings.Tls.CrlFile);
        Assert.Equal("/etc/crls", settings.Tls.CrlDirectory);
        Assert.Equal(("/etc/c.crt", "/etc/c.key"), (settings.Tls.CertificateFile, settings.Tls.KeyFile));
        Assert.False(settings.Tls.SendClientCertificate);
        Assert.False(settings.Tls.ServerNameIndication);
    }

    [Fact]
    public void Without_a_home_directory_there_are_no_default_files()
    {
        using ConnectionSettings settings = new ConnectionSettingsResolver(new FakeConnectionEnvironment(), NullLogger.Instance).Resolve("host=db");

        Assert.Equal(TlsSettings.None, settings.Tls);
    }

    [Fact]
    public void Sslrootcert_system_uses_the_system_roots_and_defaults_to_verify_full()
    {
        using ConnectionSettings settings = Resolve("host=db sslrootcert=system");

        Assert.True(settings.Tls.UseSystemRoots);
        Assert.Null(settings.Tls.RootCertificateFile);
        Assert.Equal(SslMode.VerifyFull, settings.SslMode);
        Assert.Contains("sslmode=verify-full", settings.ToDisplayString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sslrootcert=system sslmode=verify-ca", "weak sslmode \"verify-ca\" may not be used with sslrootcert=system (use \"verify-full\")")]
    [InlineData("sslrootcert=system sslmode=require", "weak sslmode \"require\" may not be used with sslrootcert=system (use \"verify-full\")")]
    [InlineData("ssl_min_protocol_version=TLSv1.4", "invalid \"ssl_min_protocol_version\" value: \"TLSv1.4\"")]
    [InlineData("ssl_max_protocol_version=SSLv3", "invalid \"ssl_max_protocol_version\" value: \"SSLv3\"")]
    [InlineData("ssl_min_protocol_version=TLSv1.3 ssl_max_protocol_version=TLSv1.1", "invalid SSL protocol version range")]
    [InlineData("require_auth=scram", "invalid require_auth value: \"scram\"")]
    [InlineData("require_auth=md5,!password", "negative require_auth method \"!password\" cannot be mixed with non-negative methods")]
    [InlineData("channel_binding=always", "invalid channel_binding value: \"always\"")]
    public void What_libpq_refuses_before_connecting_is_refused_with_its_message(string conninfo, string error)
    {
        var exception = Assert.Throws<ConnectionSettingsException>(() => Resolve("host=db " + conninfo));

        Assert.Equal(error, exception.Message);
    }

    [Theory]
    [InlineData("ssl_min_protocol_version=tlsv1.3", SslProtocols.Tls13)]
    [InlineData("ssl_max_protocol_version=TLSv1.2", SslProtocols.Tls12)]
#pragma warning disable SYSLIB0039 // libpq still accepts the old versions; the test checks they are passed on.
    [InlineData("ssl_min_protocol_version=TLSv1.1 ssl_max_protocol_version=TLSv1.2", SslProtocols.Tls11 | SslProtocols.Tls12)]
    [InlineData("ssl_min_protocol_version=''", SslProtocols.Tls | SslProtocols.Tls11 | SslProtocols.Tls12 | SslProtocols.Tls13)]
#pragma warning restore SYSLIB0039
    public void Protocol_bounds_select_the_versions_between_them(string conninfo, SslProtocols expected)
    {
        using ConnectionSettings settings = Resolve("host=db " + conninfo);

        Assert.Equal(expected, settings.Tls.Protocols);
    }

    [Theory]
    [InlineData("channel_binding=require", ChannelBindingMode.Require)]
    [InlineData("channel_binding=disable", ChannelBindingMode.Disable)]
    public void Channel_binding_is_now_honoured_rather_than_refused(string conninfo, ChannelBindingMode expected)
    {
        using ConnectionSettings settings = Resolve("host=db " + conninfo);

        Assert.Equal(expected, settings.ChannelBinding);
    }

    [Fact]
    public void Require_auth_is_parsed_into_the_policy()
    {
        using ConnectionSettings settings = Resolve("host=db require_auth=scram-sha-256");

        Assert.Equal("scram-sha-256", settings.RequireAuth.Requirement);
        Assert.True(settings.RequireAuth.AuthenticationRequired);
    }

    [Fact]
    public void Only_hostaddr_leaves_no_host_name_for_tls()
    {
        using ConnectionSettings settings = Resolve("hostaddr=192.0.2.7");
        using ConnectionSettings named = Resolve("host=db.example.com hostaddr=192.0.2.7");

        Assert.Null(Assert.Single(settings.Endpoints).TlsHostName);
        Assert.Equal("db.example.com", Assert.Single(named.Endpoints).TlsHostName);
    }

    private ConnectionSettings Resolve(string conninfo) =>
        new ConnectionSettingsResolver(_environment, NullLogger.Instance).Resolve(conninfo);
}
