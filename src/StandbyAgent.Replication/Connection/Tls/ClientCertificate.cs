using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using StandbyAgent.Protocol.Authentication;
using StandbyAgent.Replication.Configuration;

namespace StandbyAgent.Replication.Connection.Tls;

/// <summary>
/// sslcert and sslkey: the certificate (with any intermediates after it in the file) that the
/// client presents if the server asks, loaded as libpq loads it. A missing certificate file means
/// no client certificate; a certificate without its key is an error.
/// </summary>
internal static class ClientCertificate
{
    /// <returns>Null when there is no certificate to send.</returns>
    /// <exception cref="ConnectionSettingsException">The files exist but cannot be used.</exception>
    public static SslStreamCertificateContext? Load(TlsSettings tls, Password? sslPassword)
    {
        if (!tls.SendClientCertificate || tls.CertificateFile is not { } certificateFile || UnixFileType.Of(certificateFile) == FileKind.Missing)
        {
            return null;
        }

        var chain = new X509Certificate2Collection();
        try
        {
            chain.ImportFromPemFile(certificateFile);
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new ConnectionSettingsException($"could not read certificate file \"{certificateFile}\": {ex.Message}");
        }

        if (chain.Count == 0)
        {
            throw new ConnectionSettingsException($"could not read certificate file \"{certificateFile}\": no certificate found");
        }

        string keyFile = tls.KeyFile ?? throw new ConnectionSettingsException($"certificate present, but not private key file \"{certificateFile}\"");
        X509Certificate2 leaf = chain[0];
        using AsymmetricAlgorithm key = ClientKeyFile.Read(keyFile, leaf.PublicKey.Oid.Value ?? string.Empty, sslPassword);
        X509Certificate2 withKey;
        try
        {
            withKey = key switch
            {
                RSA rsa => leaf.CopyWithPrivateKey(rsa),
                ECDsa ecdsa => leaf.CopyWithPrivateKey(ecdsa),
                _ => throw new ArgumentException("unsupported key type"),
            };
        }
        catch (ArgumentException ex)
        {
            throw new ConnectionSettingsException($"certificate does not match private key file \"{keyFile}\": {ex.Message}");
        }

        return SslStreamCertificateContext.Create(withKey, [.. chain.Skip(1)], offline: true);
    }
}
