using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using StandbyAgent.Replication.Configuration;

namespace StandbyAgent.Replication.Connection.Tls;

/// <summary>
/// sslrootcert as libpq uses it: when the file exists its certificates are the only trusted roots,
/// whatever the sslmode; when it does not, verify-ca and verify-full fail and the other modes go
/// on without checking the server's certificate. "system" means the operating system's roots.
/// </summary>
internal static class TrustedRoots
{
    private const string NextStep =
        "Either provide the file, use the system's trusted roots with sslrootcert=system, or change sslmode to disable server certificate verification.";

    private static readonly Oid s_serverAuthentication = new("1.3.6.1.5.5.7.3.1");

    /// <returns>The chain policy to verify with; null when the server's certificate is not verified.</returns>
    /// <exception cref="ConnectionSettingsException">The file is needed and missing, or cannot be read.</exception>
    public static X509ChainPolicy? Load(TlsSettings tls, SslMode mode)
    {
        if (tls.UseSystemRoots)
        {
            return NewPolicy();
        }

        string? file = tls.RootCertificateFile;
        if (file is null || UnixFileType.Of(file) == FileKind.Missing)
        {
            if (mode < SslMode.VerifyCa)
            {
                return null;
            }

            throw new ConnectionSettingsException(file is null
                ? $"could not get home directory to locate root certificate file\n{NextStep}"
                : $"root certificate file \"{file}\" does not exist\n{NextStep}");
        }

        var roots = new X509Certificate2Collection();
        try
        {
            roots.ImportFromPemFile(file);
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new ConnectionSettingsException($"could not read root certificate file \"{file}\": {ex.Message}");
        }

        if (roots.Count == 0)
        {
            throw new ConnectionSettingsException($"could not read root certificate file \"{file}\": no certificate found");
        }

        X509ChainPolicy policy = NewPolicy();
        policy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        policy.CustomTrustStore.AddRange(roots);
        return policy;
    }

    /// <summary>
    /// Nothing is fetched from the network while the handshake waits, as with OpenSSL: revocation is
    /// checked against sslcrl and sslcrldir only, and missing intermediates are not downloaded. The
    /// certificate must be fit for a TLS server, as OpenSSL's default purpose check for a client demands.
    /// </summary>
    public static X509ChainPolicy NewPolicy()
    {
        var policy = new X509ChainPolicy { RevocationMode = X509RevocationMode.NoCheck, DisableCertificateDownloads = true };
        policy.ApplicationPolicy.Add(s_serverAuthentication);
        return policy;
    }
}
