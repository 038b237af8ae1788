using System.Net;
using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace StandbyAgent.Testing.Tls;

/// <summary>
/// A throwaway certificate authority made with .NET's CertificateRequest: it issues server and
/// client certificates and revocation lists, as a test's PKI needs them.
/// </summary>
public sealed class TestCertificateAuthority : IDisposable
{
    private static readonly Oid s_serverAuthentication = new("1.3.6.1.5.5.7.3.1");
    private static readonly Oid s_clientAuthentication = new("1.3.6.1.5.5.7.3.2");

    private readonly RSA _key;
    private long _nextSerial = 0x1000;

    public TestCertificateAuthority(string commonName)
    {
        _key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={commonName}", _key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: false, 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        Certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
    }

    public X509Certificate2 Certificate { get; }

    public string CertificatePem => Certificate.ExportCertificatePem();

    /// <summary>A TLS server certificate for these names and addresses, with its key.</summary>
    /// <param name="signature">How the authority signs it; PKCS#1 v1.5 with SHA-256 when null.</param>
    public IssuedCertificate IssueServer(string commonName, IReadOnlyList<string> dnsNames, IReadOnlyList<IPAddress> addresses, SignatureChoice? signature = null)
    {
        var names = new SubjectAlternativeNameBuilder();
        foreach (string name in dnsNames)
        {
            names.AddDnsName(name);
        }

        foreach (IPAddress address in addresses)
        {
            names.AddIpAddress(address);
        }

        return Issue($"CN={commonName}", s_serverAuthentication, signature ?? SignatureChoice.Sha256, dnsNames.Count + addresses.Count > 0 ? names.Build() : null);
    }

    /// <summary>A TLS client certificate whose common name is the user, as pg_hba.conf's cert method reads it.</summary>
    public IssuedCertificate IssueClient(string user) => Issue($"CN={user}", s_clientAuthentication, SignatureChoice.Sha256, subjectAlternativeNames: null);

    /// <summary>A revocation list, PEM, valid from yesterday to next week.</summary>
    public string RevocationListPem(params X509Certificate2[] revoked)
    {
        var builder = new CertificateRevocationListBuilder();
        foreach (X509Certificate2 certificate in revoked)
        {
            builder.AddEntry(certificate, DateTimeOffset.UtcNow.AddMinutes(-5));
        }

        byte[] der = builder.Build(Certificate, BigInteger.One, DateTimeOffset.UtcNow.AddDays(7), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1, DateTimeOffset.UtcNow.AddDays(-1));
        return PemEncoding.WriteString("X509 CRL", der);
    }

    public void Dispose()
    {
        _key.Dispose();
        Certificate.Dispose();
    }

    /// <summary>The holder's key is ECDSA, which is quick to make; the authority's RSA signature is what the tests vary.</summary>
    private IssuedCertificate Issue(string subject, Oid usage, SignatureChoice signature, X509Extension? subjectAlternativeNames)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, signature.Hash);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([usage], critical: false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        if (subjectAlternativeNames is not null)
        {
            request.CertificateExtensions.Add(subjectAlternativeNames);
        }

        byte[] serial = BitConverter.GetBytes(Interlocked.Increment(ref _nextSerial));
        Array.Reverse(serial);
        X509SignatureGenerator generator = X509SignatureGenerator.CreateForRSA(_key, signature.Padding);
        X509Certificate2 certificate = request.Create(Certificate.SubjectName, generator, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddMonths(6), serial);
        return new IssuedCertificate(certificate, key);
    }
}
