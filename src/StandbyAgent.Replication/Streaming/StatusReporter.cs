using System.IO.Pipelines;
using StandbyAgent.Protocol;
using StandbyAgent.Protocol.Replication;
using StandbyAgent.Storage;
using StandbyAgent.Transport;

namespace StandbyAgent.Replication.Streaming;

/// <summary>
/// Sends standby status updates. Both the streaming loop (keepalive replies, the status interval)
/// and the durability thread (the moment an fsync completes) call it, so writes to the send pipe
/// happen under a lock; the send pipe never blocks, so the lock is only ever held briefly.
/// </summary>
internal sealed class StatusReporter
{
    private readonly object _gate = new();
    private readonly PipeWriter _output;
    private readonly WalWriter _writer;
    private readonly bool _reportFlush;
    private readonly TimeProvider _time;
    private long _lastSentTimestamp;
    private bool _closed;

    /// <param name="output">The connection's send pipe.</param>
    /// <param name="writer">Where the write and flush positions come from.</param>
    /// <param name="reportFlush">
    /// Report the flush position (with a slot, or as a synchronous standby); otherwise send 0, as
    /// pg_receivewal does, so the receiver is never taken for a synchronous standby by accident.
    /// </param>
    /// <param name="time">Clock for the status interval.</param>
    public StatusReporter(PipeWriter output, WalWriter writer, bool reportFlush, TimeProvider time)
    {
        _output = output;
        _writer = writer;
        _reportFlush = reportFlush;
        _time = time;
    }

    /// <summary>Monotonic timestamp of the last update sent.</summary>
    public long LastSentTimestamp => Volatile.Read(ref _lastSentTimestamp);

    /// <param name="replyRequested">Ask the server to answer at once (our ping).</param>
    public void Send(bool replyRequested)
    {
        lock (_gate)
        {
            if (_closed)
            {
                return;
            }

            // Flush is read before write: both only grow, so flush can never exceed write.
            Lsn flush = _reportFlush ? _writer.Flushed : Lsn.Invalid;
            Lsn write = _writer.Written;
            var update = new StandbyStatusUpdate(write, flush, Lsn.Invalid, PostgresClock.ToPostgresMicroseconds(_time.GetUtcNow()), replyRequested);
            update.WriteFrame(_output);
            _output.FlushNow();
            Volatile.Write(ref _lastSentTimestamp, _time.GetTimestamp());
        }
    }

    /// <summary>Once per connection: zeros that clear an xmin a previous hot standby left on the slot.</summary>
    public void SendClearingHotStandbyFeedback()
    {
        lock (_gate)
        {
            HotStandbyFeedback.WriteClearingFrame(_output, PostgresClock.ToPostgresMicroseconds(_time.GetUtcNow()));
            _output.FlushNow();
        }
    }

    /// <summary>No CopyData may follow our CopyDone; after this, updates are dropped.</summary>
    public void Close(Action<PipeWriter> lastWords)
    {
        lock (_gate)
        {
            _closed = true;
            lastWords(_output);
            _output.FlushNow();
        }
    }
}
