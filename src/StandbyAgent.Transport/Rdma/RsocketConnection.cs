using System.IO.Pipelines;
using System.Net;
using Microsoft.Extensions.Logging;
using StandbyAgent.Rdma;
using StandbyAgent.Transport.Buffers;

namespace StandbyAgent.Transport.Rdma;

/// <summary>
/// An rsocket as a duplex pipe, driven by one dedicated thread that waits in rpoll on the
/// rsocket and a wake-up event, and moves bytes between the rsocket and the same pinned pipes
/// the TCP transport fills. Nothing else ever calls librdmacm for this connection, and no thread
/// pool thread ever blocks in it.
/// </summary>
internal sealed partial class RsocketConnection : ITransportConnection
{
    private readonly IPEndPoint _endPoint;
    private readonly RsocketTransportOptions _options;
    private readonly ILogger _logger;
    private readonly Pipe _input;
    private readonly Pipe _output;
    private readonly WakeUpEvent _wakeUp = new();
    private readonly Action _signal;
    private readonly Thread _thread;
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Rsocket? _socket;
    private volatile bool _stopRequested;
    private int _shutdownReason;
    private int _disposed;

    private RsocketConnection(IPEndPoint endPoint, PinnedBlockMemoryPool pool, RsocketTransportOptions options, ILogger logger)
    {
        _endPoint = endPoint;
        _options = options;
        _logger = logger;
        RemoteAddress = endPoint.ToString();
        _input = new Pipe(TransportPipes.Receive(pool));
        _output = new Pipe(TransportPipes.Send(pool));
        _signal = _wakeUp.Signal;
        _thread = new Thread(Run) { IsBackground = true, Name = "rsocket-io" };
    }

    public PipeReader Input => _input.Reader;

    public PipeWriter Output => _output.Writer;

    public string TransportName => "rsocket";

    public string RemoteAddress { get; }

    public ShutdownReason ShutdownReason => (ShutdownReason)Volatile.Read(ref _shutdownReason);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        TrySetShutdownReason(ShutdownReason.LocalClose);

        // The loop sends what is still queued (a Terminate message) before it stops.
        await _output.Writer.CompleteAsync();
        _stopRequested = true;
        _wakeUp.Signal();
        await _stopped.Task;
        await _input.Reader.CompleteAsync();
        if (_socket is { } socket && !await WaitAsync(socket.Handle.Closed, _options.CloseTimeout))
        {
            RdmaLog.CloseTimedOut(_logger, RemoteAddress, _options.CloseTimeout.TotalSeconds);
        }

        _wakeUp.Dispose();
    }

    /// <summary>The I/O thread: connect, then move bytes until the end; whatever happens, leave everything completed and closed.</summary>
    private void Run()
    {
        Exception? error = null;
        try
        {
            if (Connect())
            {
                RunLoop();
            }
        }
        catch (RsocketException ex)
        {
            TrySetShutdownReason(ShutdownReason.NetworkError);
            error = new TransportException($"rsocket connection to {RemoteAddress} failed: {ex.Message}", ex);
        }
        catch (Exception ex)
        {
            // A dedicated thread must not die with an unhandled exception (it would end the
            // process); the reader gets it instead, unchanged.
            TrySetShutdownReason(ShutdownReason.NetworkError);
            error = ex;
        }
        finally
        {
            // A failure before the connection was up must reach ConnectAsync, which waits for it.
            _connected.TrySetException(error ?? new TransportException($"rsocket connection to {RemoteAddress} ended before it was established"));
            AbandonPendingOperations();
            _input.Writer.Complete(error);
            _output.Reader.Complete();
            _socket?.Dispose();
            RdmaLog.Ended(_logger, RemoteAddress, ShutdownReason, _received, _sent);
            _stopped.SetResult();
        }
    }

    private void TrySetShutdownReason(ShutdownReason reason) =>
        Interlocked.CompareExchange(ref _shutdownReason, (int)reason, (int)ShutdownReason.None);

    private static async Task<bool> WaitAsync(Task task, TimeSpan timeout)
    {
        try
        {
            await task.WaitAsync(timeout);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }
}
