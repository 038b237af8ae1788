using System.Formats.Asn1;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace StandbyAgent.Replication.Tests.Security;

/// <summary>Self-signed certificates with exactly the names, or signature, a unit test needs.</summary>
internal static class TestCertificates
{
    /// <summary>Shared: RSA keys are slow to make, and a certificate only borrows the key to sign itself.</summary>
    private static readonly RSA s_rsa = RSA.Create(2048);

    /// <param name="subject">The distinguished name, e.g. "CN=db.example.com".</param>
    /// <param name="names">Subject alternative names in order: strings are DNS names, <see cref="IPAddress"/> and byte[] are iPAddress entries.</param>
    public static X509Certificate2 WithNames(string subject, params object[] names)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        if (names.Length > 0)
        {
            request.CertificateExtensions.Add(new X509Extension("2.5.29.17", SubjectAlternativeNames(names), critical: false));
        }

        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
    }

    public static X509Certificate2 SignedWith(HashAlgorithmName hash, RSASignaturePadding padding)
    {
        var request = new CertificateRequest("CN=signed", s_rsa, hash, padding);
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
    }

    /// <summary>sha1WithRSAEncryption, which CertificateRequest no longer makes but old servers still present.</summary>
    public static X509Certificate2 SignedWithSha1()
    {
        var request = new CertificateRequest("CN=signed", s_rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        byte[] serial = [0x01];
        return request.Create(request.SubjectName, new Sha1RsaSignatureGenerator(s_rsa), DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1), serial);
    }

    public static X509Certificate2 SignedWithEcdsa(HashAlgorithmName hash)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        return new CertificateRequest("CN=signed", key, hash).CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
    }

    /// <summary>Written by hand, so that a test can put in what no builder allows (a NUL, a 5-byte address).</summary>
    private static byte[] SubjectAlternativeNames(object[] names)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            foreach (object name in names)
            {
                switch (name)
                {
                    case string dns:
                        writer.WriteOctetString(Encoding.Latin1.GetBytes(dns), new Asn1Tag(TagClass.ContextSpecific, 2));
                        break;
                    case IPAddress address:
                        writer.WriteOctetString(address.GetAddressBytes(), new Asn1Tag(TagClass.ContextSpecific, 7));
                        break;
                    case byte[] raw:
                        writer.WriteOctetString(raw, new Asn1Tag(TagClass.ContextSpecific, 7));
                        break;
                }
            }
        }

        return writer.Encode();
    }

    private sealed class Sha1RsaSignatureGenerator(RSA key) : X509SignatureGenerator
    {
        public override byte[] GetSignatureAlgorithmIdentifier(HashAlgorithmName hashAlgorithm)
        {
            var writer = new AsnWriter(AsnEncodingRules.DER);
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier("1.2.840.113549.1.1.5");
                writer.WriteNull();
            }

            return writer.Encode();
        }

        public override byte[] SignData(byte[] data, HashAlgorithmName hashAlgorithm) => key.SignData(data, HashAlgorithmName.SHA1, RSASignaturePadding.Pkcs1);

        protected override PublicKey BuildPublicKey() => new(key);
    }
}
