namespace StandbyAgent.Transport.Rdma;

/// <summary>Socket options every rsocket connection gets before it connects (rsocket ignores them later).</summary>
public sealed record RsocketTransportOptions
{
    /// <summary>
    /// SO_RCVBUF. rsocket registers twice this much as the receive ring; the primary writes WAL
    /// straight into it, so a larger ring carries bursts without waiting for credits.
    /// </summary>
    public int ReceiveBufferBytes { get; init; } = 512 * 1024;

    /// <summary>SO_SNDBUF: the agent sends only status updates and commands.</summary>
    public int SendBufferBytes { get; init; } = 64 * 1024;

    /// <summary>
    /// rsocket's keepalive period (TCP_KEEPIDLE, then SO_KEEPALIVE): a zero-byte RDMA write this
    /// often makes a dead peer an error. The replication protocol's own keepalives come first.
    /// </summary>
    public TimeSpan KeepAlivePeriod { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a close may take (rclose drains queued sends) before it is logged and left behind.</summary>
    public TimeSpan CloseTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Memory one connection pins at least: both rings, registered at twice the requested sizes.
    /// The queue pairs' own rings come on top.
    /// </summary>
    public ulong PinnedBytes => 2UL * (ulong)(ReceiveBufferBytes + SendBufferBytes);
}
