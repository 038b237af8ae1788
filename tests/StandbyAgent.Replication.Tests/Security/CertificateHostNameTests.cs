using System.Net;
using System.Security.Cryptography.X509Certificates;
using StandbyAgent.Replication.Connection.Tls;
using Xunit;

namespace StandbyAgent.Replication.Tests.Security;

/// <summary>verify-full's host name rules, with the cases and messages of libpq's 001_ssltests.pl.</summary>
public sealed class CertificateHostNameTests
{
    [Theory]
    [InlineData("db.example.com", "db.example.com")]
    [InlineData("DB.Example.COM", "db.example.com")]
    [InlineData("*.example.com", "db.example.com")]
    [InlineData("*.example.com", "DB.EXAMPLE.COM")]
    public void A_name_or_a_one_label_wildcard_matches(string name, string host) =>
        Assert.True(CertificateHostName.Matches(name, host));

    [Theory]
    [InlineData("*.example.com", "a.b.example.com")]
    [InlineData("*.example.com", "example.com")]
    [InlineData("*.example.com", ".example.com")]
    [InlineData("db*.example.com", "db1.example.com")]
    [InlineData("*", "localhost")]
    [InlineData("*.", "a.")]
    [InlineData("other.example.com", "db.example.com")]
    public void A_wildcard_spans_one_label_at_the_start_only(string name, string host) =>
        Assert.False(CertificateHostName.Matches(name, host));

    [Fact]
    public void Subject_alternative_dns_names_hide_the_common_name()
    {
        using X509Certificate2 certificate = TestCertificates.WithNames("CN=common-name.example.com", "dns1.example.com", "dns2.example.com");

        Assert.Null(CertificateHostName.Mismatch(certificate, "dns2.example.com"));
        Assert.Equal(
            "server certificate for \"dns1.example.com\" (and 1 other name) does not match host name \"common-name.example.com\"",
            CertificateHostName.Mismatch(certificate, "common-name.example.com"));
    }

    [Fact]
    public void Without_subject_alternative_names_the_common_name_is_checked()
    {
        using X509Certificate2 certificate = TestCertificates.WithNames("CN=common-name.example.com");

        Assert.Null(CertificateHostName.Mismatch(certificate, "common-name.example.com"));
        Assert.Equal(
            "server certificate for \"common-name.example.com\" does not match host name \"wronghost.test\"",
            CertificateHostName.Mismatch(certificate, "wronghost.test"));
    }

    [Fact]
    public void Ip_addresses_match_ip_entries_and_then_the_common_name_is_ignored()
    {
        using X509Certificate2 certificate = TestCertificates.WithNames("CN=192.0.2.1", IPAddress.Parse("192.0.2.2"), IPAddress.Parse("2001:db8::1"));

        Assert.Null(CertificateHostName.Mismatch(certificate, "192.0.2.2"));
        Assert.Null(CertificateHostName.Mismatch(certificate, "2001:db8::1"));
        Assert.Equal(
            "server certificate for \"192.0.2.2\" (and 1 other name) does not match host name \"192.0.2.1\"",
            CertificateHostName.Mismatch(certificate, "192.0.2.1"));
    }

    /// <summary>libpq departs from RFC 6125 here: DNS entries do not hide the common name from an address.</summary>
    [Fact]
    public void An_address_is_checked_against_the_common_name_when_there_are_only_dns_entries()
    {
        using X509Certificate2 certificate = TestCertificates.WithNames("CN=192.0.2.1", "dns1.example.com");

        Assert.Null(CertificateHostName.Mismatch(certificate, "192.0.2.1"));
        Assert.Equal(
            "server certificate for \"dns1.example.com\" (and 1 other name) does not match host name \"192.0.2.9\"",
            CertificateHostName.Mismatch(certificate, "192.0.2.9"));
    }

    [Fact]
    public void Many_names_are_counted_in_the_message()
    {
        using X509Certificate2 certificate = TestCertificates.WithNames("CN=x", "a.example.com", "b.example.com", IPAddress.Parse("192.0.2.3"));

        Assert.Equal(
            "server certificate for \"a.example.com\" (and 2 other names) does not match host name \"c.example.com\"",
            CertificateHostName.Mismatch(certificate, "c.example.com"));
    }

    [Fact]
    public void A_certificate_without_names_cannot_match()
    {
        using X509Certificate2 certificate = TestCertificates.WithNames("O=no common name");

        Assert.Equal("could not get server's host name from server certificate", CertificateHostName.Mismatch(certificate, "db.example.com"));
    }

    [Fact]
    public void An_embedded_nul_is_an_attack_and_is_refused()
    {
        using X509Certificate2 certificate = TestCertificates.WithNames("CN=x", "db.example.com\0.evil.test");

        Assert.Equal("SSL certificate's name contains embedded null", CertificateHostName.Mismatch(certificate, "db.example.com"));
    }

    [Fact]
    public void An_address_of_the_wrong_length_is_refused()
    {
        using X509Certificate2 certificate = TestCertificates.WithNames("CN=x", new byte[] { 192, 0, 2, 1, 7 });

        Assert.Equal("certificate contains IP address with invalid length 5", CertificateHostName.Mismatch(certificate, "192.0.2.1"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Without_a_host_name_verify_full_cannot_check(string? host)
    {
        using X509Certificate2 certificate = TestCertificates.WithNames("CN=db.example.com");

        Assert.Equal("host name must be specified for a verified SSL connection", CertificateHostName.Mismatch(certificate, host));
    }

    [Fact]
    public void Control_characters_from_the_certificate_are_not_shown()
    {
        using X509Certificate2 certificate = TestCertificates.WithNames("CN=x", "evil\r\nFAKE LOG LINE");

        Assert.Equal(
            "server certificate for \"evil??FAKE LOG LINE\" does not match host name \"db.example.com\"",
            CertificateHostName.Mismatch(certificate, "db.example.com"));
    }
}
