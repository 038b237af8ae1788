namespace StandbyAgent.Transport;

/// <summary>
/// A server to connect to: a host name or numeric address and a port, or a Unix-domain socket
/// path. <see cref="Address"/>, when given, is used instead of resolving <see cref="Host"/>.
/// </summary>
public sealed record TransportTarget(string Host, string? Address, int Port, string? UnixSocketPath = null)
{
    public override string ToString() => UnixSocketPath ?? $"{Address ?? Host}:{Port}";
}
