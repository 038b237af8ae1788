using System.IO.Pipelines;

namespace StandbyAgent.Transport.Rdma;

/// <summary>
/// A TCP connection standing in for the rsocket one that was asked for: the same connection,
/// under its own transport name, so logs and the metrics' transport label show the fall-back.
/// </summary>
public sealed class FallbackTransportConnection : ITransportConnection
{
    public const string Name = "tcp-fallback";

    private readonly ITransportConnection _tcp;

    public FallbackTransportConnection(ITransportConnection tcp)
    {
        _tcp = tcp;
    }

    public PipeReader Input => _tcp.Input;

    public PipeWriter Output => _tcp.Output;

    public string TransportName => Name;

    public string RemoteAddress => _tcp.RemoteAddress;

    public ShutdownReason ShutdownReason => _tcp.ShutdownReason;

    public ValueTask DisposeAsync() => _tcp.DisposeAsync();
}
