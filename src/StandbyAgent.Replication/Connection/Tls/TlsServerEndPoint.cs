using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using StandbyAgent.Protocol.Authentication;

namespace StandbyAgent.Replication.Connection.Tls;

/// <summary>
/// tls-server-end-point channel binding data (RFC 5929 section 4.1): the hash of the server's
/// certificate, with the hash function of the certificate's signature, MD5 and SHA-1 replaced by
/// SHA-256. The server computes the same from its own certificate, so a man in the middle who
/// presents another certificate is caught.
/// </summary>
internal static class TlsServerEndPoint
{
    public static TlsChannelBinding Of(X509Certificate2 certificate)
    {
        HashAlgorithmName? hash;
        try
        {
            hash = SignatureAlgorithm.OfCertificate(certificate).Hash;
        }
        catch (AsnContentException)
        {
            hash = null;
        }

        if (hash == HashAlgorithmName.MD5 || hash == HashAlgorithmName.SHA1)
        {
            hash = HashAlgorithmName.SHA256;
        }

        // Ed25519 and Ed448 sign without a separate hash, so there is nothing to choose.
        return hash is { } chosen && SignatureAlgorithm.IsAvailable(chosen)
            ? TlsChannelBinding.WithServerEndPoint(CryptographicOperations.HashData(chosen, certificate.RawData))
            : TlsChannelBinding.WithoutServerEndPoint("could not determine server certificate signature algorithm: channel binding is impossible with this certificate");
    }
}
