using System.IO.Pipelines;

namespace StandbyAgent.Transport;

/// <summary>
/// A connected byte stream, whatever carries it (kernel TCP, a Unix socket, rsocket over RDMA):
/// the protocol reads <see cref="IDuplexPipe.Input"/> and writes <see cref="IDuplexPipe.Output"/>.
/// A transport failure completes <see cref="IDuplexPipe.Input"/> with a <see cref="TransportException"/>.
/// </summary>
public interface ITransportConnection : IDuplexPipe, IAsyncDisposable
{
    /// <summary>"tcp", "unix" or "rsocket": shown in logs and in the metrics' transport label.</summary>
    string TransportName { get; }

    /// <summary>The address actually connected to, for logs and for follow-up connections to the same server.</summary>
    string RemoteAddress { get; }

    /// <summary>Why the connection ended, once it has; the first cause wins.</summary>
    ShutdownReason ShutdownReason { get; }
}
