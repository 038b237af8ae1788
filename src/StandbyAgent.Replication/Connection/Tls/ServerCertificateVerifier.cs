using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace StandbyAgent.Replication.Connection.Tls;

/// <summary>
/// Judges the server's certificate during the handshake, as libpq's OpenSSL setup does: the chain
/// must lead to a trusted root whenever roots were loaded (so also with require and prefer when a
/// root file exists), the revocation lists must clear it, and verify-full needs the host's name in
/// it. SslStream only reports "rejected"; <see cref="Failure"/> keeps libpq's reason.
/// </summary>
internal sealed class ServerCertificateVerifier
{
    private readonly bool _verifyChain;
    private readonly RevocationLists? _revocationLists;
    private readonly bool _verifyHostName;
    private readonly string? _hostName;
    private readonly TimeProvider _time;

    /// <param name="verifyChain">Whether trusted roots were loaded.</param>
    /// <param name="revocationLists">sslcrl and sslcrldir, when any apply.</param>
    /// <param name="verifyHostName">sslmode=verify-full.</param>
    /// <param name="hostName">The host parameter; null when only hostaddr was given.</param>
    /// <param name="time">The clock revocation lists are dated against.</param>
    public ServerCertificateVerifier(bool verifyChain, RevocationLists? revocationLists, bool verifyHostName, string? hostName, TimeProvider time)
    {
        _verifyChain = verifyChain;
        _revocationLists = revocationLists;
        _verifyHostName = verifyHostName;
        _hostName = hostName;
        _time = time;
    }

    /// <summary>Why the certificate was refused, once it was.</summary>
    public string? Failure { get; private set; }

    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        Failure = Judge(certificate as X509Certificate2, chain, errors);
        return Failure is null;
    }

    private string? Judge(X509Certificate2? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null)
        {
            return "certificate could not be obtained";
        }

        if (_verifyChain)
        {
            if ((errors & SslPolicyErrors.RemoteCertificateChainErrors) != 0 || chain is null)
            {
                return $"SSL error: certificate verify failed: {Describe(chain)}";
            }

            if (_revocationLists?.Check(chain, _time.GetUtcNow()) is { } revocation)
            {
                return $"SSL error: certificate verify failed: {revocation}";
            }
        }

        // The name is checked here, not by SslStream, whose rules are not libpq's.
        return _verifyHostName ? CertificateHostName.Mismatch(certificate, _hostName) : null;
    }

    private static string Describe(X509Chain? chain)
    {
        X509ChainStatus[] statuses = chain?.ChainStatus ?? [];
        return statuses.Length == 0
            ? "the chain could not be built"
            : string.Join("; ", statuses.Select(status => status.StatusInformation.Trim()).Distinct(StringComparer.Ordinal));
    }
}
