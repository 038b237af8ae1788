using System.IO.Pipelines;
using System.Net.Sockets;
using StandbyAgent.Transport.Buffers;

namespace StandbyAgent.Transport.Tcp;

/// <summary>
/// A connected kernel socket as a duplex pipe: one loop moves received bytes into the input pipe
/// (pinned blocks), another moves the output pipe onto the socket.
/// </summary>
internal sealed partial class SocketConnection : ITransportConnection
{
    /// <summary>How long a closing connection waits for queued bytes to be sent.</summary>
    private static readonly TimeSpan s_drainTimeout = TimeSpan.FromSeconds(1);

    private readonly Socket _socket;
    private readonly Pipe _input;
    private readonly Pipe _output;
    private readonly CancellationTokenSource _closing = new();
    private readonly object _receiveGate = new();
    private readonly Thread _receiving;
    private readonly Task _sending;
    private int _shutdownReason;

    public SocketConnection(Socket socket, PinnedBlockMemoryPool pool, string transportName)
    {
        _socket = socket;
        TransportName = transportName;
        RemoteAddress = socket.RemoteEndPoint?.ToString() ?? "unknown";
        _input = new Pipe(TransportPipes.Receive(pool));
        _output = new Pipe(TransportPipes.Send(pool));
        _receiving = new Thread(DoReceive) { IsBackground = true, Name = "tcp-receive" };
        _receiving.Start();
        _sending = DoSendAsync();
    }

    public PipeReader Input => _input.Reader;

    public PipeWriter Output => _output.Writer;

    public string TransportName { get; }

    public string RemoteAddress { get; }

    public ShutdownReason ShutdownReason => (ShutdownReason)Volatile.Read(ref _shutdownReason);

    public async ValueTask DisposeAsync()
    {
        TrySetShutdownReason(ShutdownReason.LocalClose);

        // Completing the send pipe lets the send loop write what is still queued (a Terminate, a
        // last status update) and end; only a send that cannot finish in time is cut off.
        _output.Writer.Complete();
        await Task.WhenAny(_sending, Task.Delay(s_drainTimeout));
        await _closing.CancelAsync();

        // Linux sends no window update for what is read after shutdown(SHUT_RD). Had the receive
        // loop emptied the kernel's queue after the shutdown, the close would find nothing unread
        // and send a FIN, not a reset, and a server blocked on our full window would wait for room
        // that is never announced. Under the receive lock, every read ends before the shutdown and
        // none starts after it.
        lock (_receiveGate)
        {
            try
            {
                _socket.Shutdown(SocketShutdown.Both);
            }
            catch (SocketException)
            {
                // The peer may already be gone; closing is all that is left to do.
            }
        }

        _socket.Dispose();

        // A reader that stopped reading (after a protocol error) leaves the receive loop waiting
        // for room in a full pipe, where a closed socket cannot reach it.
        _input.Writer.CancelPendingFlush();
        await _sending;

        // The protocol runs inline on the receive thread, so the dispose itself may be running
        // there; that thread ends on its own once this call returns to its read loop.
        if (Thread.CurrentThread != _receiving)
        {
            _receiving.Join();
        }

        _input.Reader.Complete();
        _closing.Dispose();
    }

    private void TrySetShutdownReason(ShutdownReason reason) =>
        Interlocked.CompareExchange(ref _shutdownReason, (int)reason, (int)ShutdownReason.None);
}
