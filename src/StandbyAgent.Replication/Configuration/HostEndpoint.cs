namespace StandbyAgent.Replication.Configuration;

/// <summary>
/// One server to try: a host name (or a Unix-socket directory when it starts with '/'), an
/// optional numeric address that skips name resolution (hostaddr), and a port.
/// </summary>
public sealed record HostEndpoint(string Host, string? HostAddress, int Port)
{
    public bool IsUnixSocket => HostAddress is null && Host.StartsWith('/');

    /// <summary>The socket file PostgreSQL listens on in a Unix-socket directory.</summary>
    public string UnixSocketPath => Path.Combine(Host, $".s.PGSQL.{Port}");

    public override string ToString() => IsUnixSocket ? UnixSocketPath : $"{HostAddress ?? Host}:{Port}";
}
