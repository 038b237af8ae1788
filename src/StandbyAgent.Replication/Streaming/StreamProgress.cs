using StandbyAgent.Protocol;

namespace StandbyAgent.Replication.Streaming;

/// <summary>
/// What the receiver has done so far, published for progress lines and metrics without locks
/// (except the flush-lag samples, behind a lock held for a few instructions): written by the
/// streaming loop and the durability thread, read by anyone.
/// </summary>
public sealed class StreamProgress
{
    private readonly FlushLagTracker _unflushed = new();
    private long _written;
    private long _flushed;
    private long _serverWalEnd;
    private long _serverWalEndTime;
    private long _lastSendTime;
    private long _lastReceiptUnixMicroseconds;
    private long _receivedBytes;
    private long _walMessages;
    private long _segmentsCompleted;
    private long _timeline;
    private long _startLsn;
    private long _startTimeline;

    /// <summary>End of the WAL written to disk.</summary>
    public Lsn Written => Read(ref _written);

    /// <summary>End of the WAL fsynced.</summary>
    public Lsn Flushed => Read(ref _flushed);

    /// <summary>The server's end of WAL, from the last message that carried one.</summary>
    public Lsn ServerWalEnd => Read(ref _serverWalEnd);

    /// <summary>The server's send time of the message that last moved <see cref="ServerWalEnd"/> (µs since 2000).</summary>
    public long ServerWalEndTime => Volatile.Read(ref _serverWalEndTime);

    /// <summary>The server's send time of the last message (µs since 2000-01-01).</summary>
    public long LastMessageSendTime => Volatile.Read(ref _lastSendTime);

    /// <summary>When the last message arrived, in µs since the Unix epoch; 0 before any.</summary>
    public long LastMessageReceiptUnixMicroseconds => Volatile.Read(ref _lastReceiptUnixMicroseconds);

    public long ReceivedBytes => Volatile.Read(ref _receivedBytes);

    /// <summary>XLogData messages received.</summary>
    public long WalMessages => Volatile.Read(ref _walMessages);

    public long SegmentsCompleted => Volatile.Read(ref _segmentsCompleted);

    public uint Timeline => (uint)Volatile.Read(ref _timeline);

    /// <summary>Where the current START_REPLICATION began, and on which timeline.</summary>
    public Lsn StartLsn => Read(ref _startLsn);

    public uint StartTimeline => (uint)Volatile.Read(ref _startTimeline);

    /// <summary>
    /// The server's send time (µs since 2000) of its first report of WAL beyond <see cref="Flushed"/>:
    /// the oldest WAL not yet flushed here has existed at least since then. 0 when nothing is behind.
    /// </summary>
    public long OldestUnflushedSendTime
    {
        get
        {
            Lsn flushed = Flushed;
            if (flushed >= ServerWalEnd)
            {
                return 0;
            }

            // Nothing sampled beyond flushed happens when a new stream restarts below the old flush
            // position; the last report's time is then the best lower bound.
            return _unflushed.OldestBeyond(flushed) ?? ServerWalEndTime;
        }
    }

    internal void StreamStarted(uint timeline, Lsn start)
    {
        Volatile.Write(ref _timeline, timeline);
        Volatile.Write(ref _startTimeline, timeline);
        Write(ref _startLsn, start);
        Write(ref _written, start);
        Write(ref _flushed, start);
    }

    internal void Received(long bytes, int walMessages, long receiptUnixMicroseconds, long sendTime)
    {
        Interlocked.Add(ref _receivedBytes, bytes);
        Interlocked.Add(ref _walMessages, walMessages);
        Volatile.Write(ref _lastReceiptUnixMicroseconds, receiptUnixMicroseconds);
        Volatile.Write(ref _lastSendTime, sendTime);
    }

    internal void ServerReportedEnd(Lsn walEnd, long sendTime)
    {
        if (MoveForward(ref _serverWalEnd, walEnd))
        {
            Volatile.Write(ref _serverWalEndTime, sendTime);
            _unflushed.ServerReported(walEnd, sendTime, Flushed);
        }
    }

    internal void WrittenUpTo(Lsn written) => Write(ref _written, written);

    internal void FlushedUpTo(Lsn flushed) => MoveForward(ref _flushed, flushed);

    internal void AddSegmentsCompleted(long count) => Interlocked.Add(ref _segmentsCompleted, count);

    private static Lsn Read(ref long field) => new((ulong)Volatile.Read(ref field));

    private static void Write(ref long field, Lsn value) => Volatile.Write(ref field, (long)value.Value);

    private static bool MoveForward(ref long field, Lsn value)
    {
        long current = Volatile.Read(ref field);
        while ((ulong)current < value.Value)
        {
            long seen = Interlocked.CompareExchange(ref field, (long)value.Value, current);
            if (seen == current)
            {
                return true;
            }

            current = seen;
        }

        return false;
    }
}
