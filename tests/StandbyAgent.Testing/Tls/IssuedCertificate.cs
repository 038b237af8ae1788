using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace StandbyAgent.Testing.Tls;

/// <summary>A certificate and its private key, as PEM for files.</summary>
public sealed class IssuedCertificate(X509Certificate2 certificate, AsymmetricAlgorithm key) : IDisposable
{
    public X509Certificate2 Certificate { get; } = certificate;

    public string CertificatePem => Certificate.ExportCertificatePem();

    public string PrivateKeyPem => key.ExportPkcs8PrivateKeyPem();

    /// <summary>The key encrypted with a passphrase, as sslpassword opens it (PKCS#8, AES-256).</summary>
    public string EncryptedPrivateKeyPem(string passphrase) =>
        key.ExportEncryptedPkcs8PrivateKeyPem(passphrase, new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 10_000));

    public void Dispose()
    {
        key.Dispose();
        Certificate.Dispose();
    }
}
