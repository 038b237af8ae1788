namespace StandbyAgent.Transport.Rdma;

/// <summary>
/// What a with_rsocket session needs: TCP for its first leg (startup and authentication, as
/// Postgres Pro does it), the rsocket transport it then moves onto, and whether it may stay on
/// TCP when this host cannot do RDMA.
/// </summary>
public sealed class RsocketCapableTransportFactory : ITransportFactory
{
    private readonly ITransportFactory _tcp;

    public RsocketCapableTransportFactory(ITransportFactory tcp, RsocketTransportFactory rsocket, bool fallBackToTcp)
    {
        _tcp = tcp;
        Rsocket = rsocket;
        FallBackToTcp = fallBackToTcp;
    }

    public RsocketTransportFactory Rsocket { get; }

    /// <summary>
    /// When RDMA is unavailable here (no librdmacm, no device, too little lockable memory), keep
    /// the session on TCP, with a warning and the "tcp-fallback" transport label, instead of failing.
    /// </summary>
    public bool FallBackToTcp { get; }

    /// <summary>The first leg, over TCP.</summary>
    public ValueTask<ITransportConnection> ConnectAsync(TransportTarget target, CancellationToken cancellationToken) =>
        _tcp.ConnectAsync(target, cancellationToken);
}
