using System.Formats.Asn1;
using System.Numerics;
using System.Security.Cryptography.X509Certificates;

namespace StandbyAgent.Replication.Connection.Tls;

/// <summary>
/// One certificate revocation list (RFC 5280 section 5.1), parsed but not yet trusted: its
/// signature is checked against the certificate of the authority that is supposed to have issued it.
/// </summary>
internal sealed class RevocationList
{
    private readonly byte[] _signedPart;
    private readonly byte[] _signature;
    private readonly SignatureAlgorithm _algorithm;
    private readonly HashSet<BigInteger> _revokedSerials;

    private RevocationList(byte[] issuer, byte[] signedPart, SignatureAlgorithm algorithm, byte[] signature, DateTimeOffset thisUpdate, DateTimeOffset? nextUpdate, HashSet<BigInteger> revokedSerials)
    {
        Issuer = issuer;
        _signedPart = signedPart;
        _algorithm = algorithm;
        _signature = signature;
        ThisUpdate = thisUpdate;
        NextUpdate = nextUpdate;
        _revokedSerials = revokedSerials;
    }

    /// <summary>The issuer's distinguished name, DER-encoded.</summary>
    public byte[] Issuer { get; }

    public DateTimeOffset ThisUpdate { get; }

    public DateTimeOffset? NextUpdate { get; }

    /// <summary>CertificateList ::= SEQUENCE { tbsCertList, signatureAlgorithm, signatureValue }.</summary>
    /// <exception cref="AsnContentException">Not a revocation list.</exception>
    public static RevocationList Parse(ReadOnlyMemory<byte> der)
    {
        var outer = new AsnReader(der, AsnEncodingRules.DER);
        AsnReader certificateList = outer.ReadSequence();
        outer.ThrowIfNotEmpty();
        byte[] signedPart = certificateList.ReadEncodedValue().ToArray();
        SignatureAlgorithm algorithm = SignatureAlgorithm.Read(certificateList);
        byte[] signature = certificateList.ReadBitString(out _);
        certificateList.ThrowIfNotEmpty();

        AsnReader tbs = new AsnReader(signedPart, AsnEncodingRules.DER).ReadSequence();
        if (tbs.PeekTag().HasSameClassAndValue(Asn1Tag.Integer))
        {
            tbs.ReadInteger();
        }

        tbs.ReadSequence();
        byte[] issuer = tbs.ReadEncodedValue().ToArray();
        DateTimeOffset thisUpdate = ReadTime(tbs);
        DateTimeOffset? nextUpdate = tbs.HasData && IsTime(tbs.PeekTag()) ? ReadTime(tbs) : null;
        var revoked = new HashSet<BigInteger>();
        if (tbs.HasData && tbs.PeekTag().HasSameClassAndValue(Asn1Tag.Sequence))
        {
            AsnReader entries = tbs.ReadSequence();
            while (entries.HasData)
            {
                revoked.Add(entries.ReadSequence().ReadInteger());
            }
        }

        return new RevocationList(issuer, signedPart, algorithm, signature, thisUpdate, nextUpdate, revoked);
    }

    /// <summary>Whether <paramref name="authority"/> issued this list: same name, and its key made the signature.</summary>
    public bool IsIssuedBy(X509Certificate2 authority) =>
        authority.SubjectName.RawData.AsSpan().SequenceEqual(Issuer) && _algorithm.Verify(_signedPart, _signature, authority);

    public bool Revokes(X509Certificate2 certificate) =>
        _revokedSerials.Contains(new BigInteger(certificate.SerialNumberBytes.Span, isUnsigned: false, isBigEndian: true));

    private static bool IsTime(Asn1Tag tag) =>
        tag.HasSameClassAndValue(Asn1Tag.UtcTime) || tag.HasSameClassAndValue(Asn1Tag.GeneralizedTime);

    private static DateTimeOffset ReadTime(AsnReader reader) =>
        reader.PeekTag().HasSameClassAndValue(Asn1Tag.UtcTime) ? reader.ReadUtcTime() : reader.ReadGeneralizedTime();
}
