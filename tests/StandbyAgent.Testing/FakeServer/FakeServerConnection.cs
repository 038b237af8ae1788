using System.Buffers;
using System.Net.Sockets;
using System.Threading.Channels;

namespace StandbyAgent.Testing.FakeServer;

/// <summary>
/// One accepted connection, driven by a test script. What the script writes is buffered until
/// <see cref="FlushAsync"/>; what the client sends is read in the background, in order, and
/// consumed by the Expect methods. Every wait ends at the deadline given when the connection was
/// accepted, so a script never hangs.
/// </summary>
public sealed partial class FakeServerConnection : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly CancellationToken _deadline;
    private readonly ArrayBufferWriter<byte> _outgoing = new();
    private readonly Channel<FrontendMessage> _received =
        Channel.CreateUnbounded<FrontendMessage>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });

    private readonly List<ReceivedStatusUpdate> _statusUpdates = [];
    private readonly CancellationTokenSource _closing = new();
    private readonly Task _receiving;
    private int _hotStandbyFeedbacks;
    private volatile bool _terminateReceived;
    private volatile string _endOfInput = "the connection is open";
    private bool _disposed;

    internal FakeServerConnection(Socket socket, CancellationToken deadline)
    {
        _socket = socket;
        _socket.NoDelay = true;
        _stream = new NetworkStream(socket, ownsSocket: false);
        _deadline = deadline;
        _receiving = Task.Run(ReceiveAsync);
    }

    /// <summary>Every standby status update received so far, consumed by the script or not.</summary>
    public IReadOnlyList<ReceivedStatusUpdate> StatusUpdates
    {
        get
        {
            lock (_statusUpdates)
            {
                return [.. _statusUpdates];
            }
        }
    }

    /// <summary>Hot standby feedback messages received so far.</summary>
    public int HotStandbyFeedbackCount => Volatile.Read(ref _hotStandbyFeedbacks);

    /// <summary>Whether the client asked for encryption (and was refused) before its StartupMessage.</summary>
    public bool EncryptionRequested { get; private set; }

    /// <summary>Whether the client said goodbye with Terminate.</summary>
    public bool TerminateReceived => _terminateReceived;

    /// <summary>Sends everything written since the last flush.</summary>
    public async Task FlushAsync()
    {
        await _stream.WriteAsync(_outgoing.WrittenMemory, _deadline);
        _outgoing.Clear();
    }

    /// <summary>FIN: the client reads the end of the stream after what was flushed. The fake keeps reading.</summary>
    public void CloseOutput() => _socket.Shutdown(SocketShutdown.Send);

    /// <summary>RST: the connection breaks at once, whatever is in flight.</summary>
    public void Abort()
    {
        _socket.LingerState = new LingerOption(enable: true, seconds: 0);
        _socket.Close();
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await _closing.CancelAsync();
        _socket.Dispose();
        await _receiving;
        await _stream.DisposeAsync();
        _closing.Dispose();
    }
}
