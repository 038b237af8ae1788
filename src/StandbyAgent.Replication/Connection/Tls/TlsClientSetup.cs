using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using StandbyAgent.Replication.Configuration;

namespace StandbyAgent.Replication.Connection.Tls;

/// <summary>
/// Everything one TLS attempt needs, read from the files at that moment as libpq reads them: the
/// handshake options and the verifier that judges the server's certificate.
/// </summary>
internal sealed class TlsClientSetup
{
    /// <summary>ALPN, which PostgreSQL 17 requires for direct TLS and libpq 17 always sends.</summary>
    public static readonly SslApplicationProtocol PostgresProtocol = new("postgresql");

    private TlsClientSetup(SslClientAuthenticationOptions options, ServerCertificateVerifier verifier)
    {
        Options = options;
        Verifier = verifier;
    }

    public SslClientAuthenticationOptions Options { get; }

    public ServerCertificateVerifier Verifier { get; }

    /// <exception cref="ConnectionSettingsException">A file that is needed is missing or unusable.</exception>
    public static TlsClientSetup Create(ConnectionSettings settings, HostEndpoint endpoint, TimeProvider time)
    {
        TlsSettings tls = settings.Tls;
        X509ChainPolicy? chainPolicy = TrustedRoots.Load(tls, settings.SslMode);
        RevocationLists? revocationLists = chainPolicy is not null && !tls.UseSystemRoots ? RevocationLists.Load(tls.CrlFile, tls.CrlDirectory) : null;
        var verifier = new ServerCertificateVerifier(
            verifyChain: chainPolicy is not null, revocationLists, settings.SslMode == SslMode.VerifyFull, endpoint.TlsHostName, time);
        var options = new SslClientAuthenticationOptions
        {
            TargetHost = tls.ServerNameIndication ? ServerName(endpoint.TlsHostName) : string.Empty,
            EnabledSslProtocols = tls.Protocols,
            ApplicationProtocols = [PostgresProtocol],
            CertificateChainPolicy = chainPolicy ?? TrustedRoots.NewPolicy(),
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            ClientCertificateContext = ClientCertificate.Load(tls, settings.SslPassword),
            RemoteCertificateValidationCallback = verifier.Validate,
        };
        return new TlsClientSetup(options, verifier);
    }

    /// <summary>RFC 6066 forbids sending an address as SNI; libpq's test for one is this.</summary>
    private static string ServerName(string? host) =>
        host is null || host.All(c => char.IsAsciiDigit(c) || c == '.') || host.Contains(':', StringComparison.Ordinal)
            ? string.Empty
            : host;
}
