using System.Security.Authentication;

namespace StandbyAgent.Replication.Configuration;

/// <summary>
/// The TLS files and options of a connection, with libpq's defaults under ~/.postgresql already
/// applied. Files are named here, not read: libpq reads them at every connection attempt, and so
/// does this client, so that a renewed certificate or revocation list is picked up.
/// </summary>
public sealed record TlsSettings
{
    /// <summary>libpq's behaviour with nothing configured and no home directory: no files at all.</summary>
    public static TlsSettings None { get; } = new();

    /// <summary>
    /// sslrootcert, or ~/.postgresql/root.crt: trusted certificate authorities. When the file
    /// exists the server's chain is verified whatever the sslmode, as libpq does; verify-ca and
    /// verify-full fail without it.
    /// </summary>
    public string? RootCertificateFile { get; init; }

    /// <summary>sslrootcert=system: the operating system's trusted roots instead of a file.</summary>
    public bool UseSystemRoots { get; init; }

    /// <summary>sslcrl, or ~/.postgresql/root.crl when neither sslcrl nor sslcrldir is given; used only if it exists.</summary>
    public string? CrlFile { get; init; }

    /// <summary>sslcrldir: a directory of revocation lists.</summary>
    public string? CrlDirectory { get; init; }

    /// <summary>sslcert, or ~/.postgresql/postgresql.crt; sent only if the file exists.</summary>
    public string? CertificateFile { get; init; }

    /// <summary>sslkey, or ~/.postgresql/postgresql.key: the key of <see cref="CertificateFile"/>.</summary>
    public string? KeyFile { get; init; }

    /// <summary>sslcertmode=disable: never send a client certificate, even when one is configured.</summary>
    public bool SendClientCertificate { get; init; } = true;

    /// <summary>The TLS versions ssl_min_protocol_version and ssl_max_protocol_version allow.</summary>
    public SslProtocols Protocols { get; init; } = SslProtocols.Tls12 | SslProtocols.Tls13;

    /// <summary>sslsni: send the host name (never an address) in the TLS handshake.</summary>
    public bool ServerNameIndication { get; init; } = true;

    /// <summary>sslnegotiation=direct: start TLS at once, with ALPN "postgresql", instead of SSLRequest.</summary>
    public bool DirectNegotiation { get; init; }
}
