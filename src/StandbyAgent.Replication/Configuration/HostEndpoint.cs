namespace StandbyAgent.Replication.Configuration;

/// <summary>
/// One server to try: a host name (or a Unix-socket directory when it starts with '/'), an
/// optional numeric address that skips name resolution (hostaddr), and a port.
/// </summary>
/// <param name="HostNameGiven">
/// False when only hostaddr named the server: <see cref="Host"/> then repeats the address for the
/// password file, but there is no name to send as SNI or to check against the certificate.
/// </param>
public sealed record HostEndpoint(string Host, string? HostAddress, int Port, bool HostNameGiven = true)
{
    public bool IsUnixSocket => HostAddress is null && Host.StartsWith('/');

    /// <summary>The name TLS sends and verify-full checks, as libpq uses its host parameter; null when none was given.</summary>
    public string? TlsHostName => HostNameGiven ? Host : null;

    /// <summary>The socket file PostgreSQL listens on in a Unix-socket directory.</summary>
    public string UnixSocketPath => Path.Combine(Host, $".s.PGSQL.{Port}");

    public override string ToString() => IsUnixSocket ? UnixSocketPath : $"{HostAddress ?? Host}:{Port}";
}
