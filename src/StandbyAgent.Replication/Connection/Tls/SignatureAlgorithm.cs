using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace StandbyAgent.Replication.Connection.Tls;

/// <summary>
/// An X.509 AlgorithmIdentifier naming a signature algorithm: which key signs and with which hash,
/// RSASSA-PSS parameters included. Used to verify revocation lists and to choose the hash of
/// tls-server-end-point channel binding.
/// </summary>
internal sealed class SignatureAlgorithm
{
    private const string RsaPss = "1.2.840.113549.1.1.10";
    private const string Sha1 = "1.3.14.3.2.26";

    private static readonly Dictionary<string, (SignatureKey Key, HashAlgorithmName Hash)> s_algorithms = new(StringComparer.Ordinal)
    {
        ["1.2.840.113549.1.1.4"] = (SignatureKey.Rsa, HashAlgorithmName.MD5),
        ["1.2.840.113549.1.1.5"] = (SignatureKey.Rsa, HashAlgorithmName.SHA1),
        ["1.2.840.113549.1.1.11"] = (SignatureKey.Rsa, HashAlgorithmName.SHA256),
        ["1.2.840.113549.1.1.12"] = (SignatureKey.Rsa, HashAlgorithmName.SHA384),
        ["1.2.840.113549.1.1.13"] = (SignatureKey.Rsa, HashAlgorithmName.SHA512),
        ["2.16.840.1.101.3.4.3.14"] = (SignatureKey.Rsa, HashAlgorithmName.SHA3_256),
        ["2.16.840.1.101.3.4.3.15"] = (SignatureKey.Rsa, HashAlgorithmName.SHA3_384),
        ["2.16.840.1.101.3.4.3.16"] = (SignatureKey.Rsa, HashAlgorithmName.SHA3_512),
        ["1.2.840.10045.4.1"] = (SignatureKey.Ecdsa, HashAlgorithmName.SHA1),
        ["1.2.840.10045.4.3.2"] = (SignatureKey.Ecdsa, HashAlgorithmName.SHA256),
        ["1.2.840.10045.4.3.3"] = (SignatureKey.Ecdsa, HashAlgorithmName.SHA384),
        ["1.2.840.10045.4.3.4"] = (SignatureKey.Ecdsa, HashAlgorithmName.SHA512),
        ["2.16.840.1.101.3.4.3.10"] = (SignatureKey.Ecdsa, HashAlgorithmName.SHA3_256),
        ["2.16.840.1.101.3.4.3.11"] = (SignatureKey.Ecdsa, HashAlgorithmName.SHA3_384),
        ["2.16.840.1.101.3.4.3.12"] = (SignatureKey.Ecdsa, HashAlgorithmName.SHA3_512),
    };

    private static readonly Dictionary<string, HashAlgorithmName> s_hashes = new(StringComparer.Ordinal)
    {
        [Sha1] = HashAlgorithmName.SHA1,
        ["2.16.840.1.101.3.4.2.1"] = HashAlgorithmName.SHA256,
        ["2.16.840.1.101.3.4.2.2"] = HashAlgorithmName.SHA384,
        ["2.16.840.1.101.3.4.2.3"] = HashAlgorithmName.SHA512,
    };

    private SignatureAlgorithm(string oid, SignatureKey key, HashAlgorithmName? hash)
    {
        Oid = oid;
        Key = key;
        Hash = hash;
    }

    private enum SignatureKey
    {
        Unsupported,
        Rsa,
        RsaPss,
        Ecdsa,
    }

    /// <summary>The algorithm's object identifier, for messages.</summary>
    public string Oid { get; }

    /// <summary>The hash the signature covers; null when there is no single one (Ed25519) or it is unknown.</summary>
    public HashAlgorithmName? Hash { get; }

    private SignatureKey Key { get; }

    /// <summary>The signatureAlgorithm of a certificate: the second element of its outer SEQUENCE.</summary>
    public static SignatureAlgorithm OfCertificate(X509Certificate2 certificate)
    {
        var outer = new AsnReader(certificate.RawData, AsnEncodingRules.DER).ReadSequence();
        outer.ReadEncodedValue();
        return Read(outer);
    }

    /// <summary>Reads an AlgorithmIdentifier.</summary>
    /// <exception cref="AsnContentException">Not an AlgorithmIdentifier.</exception>
    public static SignatureAlgorithm Read(AsnReader reader)
    {
        AsnReader identifier = reader.ReadSequence();
        string oid = identifier.ReadObjectIdentifier();
        if (oid == RsaPss)
        {
            return new SignatureAlgorithm(oid, SignatureKey.RsaPss, ReadPssHash(identifier));
        }

        return s_algorithms.TryGetValue(oid, out (SignatureKey Key, HashAlgorithmName Hash) known)
            ? new SignatureAlgorithm(oid, known.Key, known.Hash)
            : new SignatureAlgorithm(oid, SignatureKey.Unsupported, null);
    }

    /// <summary>Checks a signature made with this algorithm by the holder of <paramref name="signer"/>'s key.</summary>
    public bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature, X509Certificate2 signer)
    {
        if (Hash is not { } hash || !IsAvailable(hash))
        {
            return false;
        }

        try
        {
            switch (Key)
            {
                case SignatureKey.Rsa or SignatureKey.RsaPss:
                    using (RSA? rsa = signer.GetRSAPublicKey())
                    {
                        RSASignaturePadding padding = Key == SignatureKey.Rsa ? RSASignaturePadding.Pkcs1 : RSASignaturePadding.Pss;
                        return rsa is not null && rsa.VerifyData(data, signature, hash, padding);
                    }

                case SignatureKey.Ecdsa:
                    using (ECDsa? ecdsa = signer.GetECDsaPublicKey())
                    {
                        return ecdsa is not null && ecdsa.VerifyData(data, signature, hash, DSASignatureFormat.Rfc3279DerSequence);
                    }

                default:
                    return false;
            }
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    /// <summary>Whether this process can compute the hash (SHA-3 depends on the OpenSSL underneath).</summary>
    public static bool IsAvailable(HashAlgorithmName hash) =>
        hash == HashAlgorithmName.SHA3_256 ? SHA3_256.IsSupported
        : hash == HashAlgorithmName.SHA3_384 ? SHA3_384.IsSupported
        : hash != HashAlgorithmName.SHA3_512 || SHA3_512.IsSupported;

    /// <summary>
    /// RSASSA-PSS-params (RFC 4055): the hash is the first, optional, [0] field; absent means SHA-1.
    /// PostgreSQL bug #17760: libpq once failed to bind to such certificates.
    /// </summary>
    private static HashAlgorithmName? ReadPssHash(AsnReader identifier)
    {
        if (!identifier.HasData)
        {
            return HashAlgorithmName.SHA1;
        }

        AsnReader parameters = identifier.ReadSequence();
        var hashField = new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true);
        if (!parameters.HasData || parameters.PeekTag() != hashField)
        {
            return HashAlgorithmName.SHA1;
        }

        string hashOid = parameters.ReadSequence(hashField).ReadSequence().ReadObjectIdentifier();
        return s_hashes.TryGetValue(hashOid, out HashAlgorithmName hash) ? hash : null;
    }
}
