namespace StandbyAgent.Replication.Streaming;

/// <summary>
/// The receiver as monitoring sees it: its state, who it streams from, how often and why it had
/// to reconnect, and its WAL positions (<see cref="Progress"/>). Written by the receiver and its
/// reconnect loop, read by metrics and health checks without locks.
/// </summary>
public sealed class ReceiverStatus
{
    private readonly long[] _reconnects = new long[Enum.GetValues<DisconnectReason>().Length];
    private int _state = (int)ReceiverState.Connecting;
    private SenderInfo? _sender;

    public StreamProgress Progress { get; } = new();

    /// <summary>Where the durability thread reports how long each fsync took.</summary>
    public FsyncDurations FsyncDurations { get; } = new();

    public ReceiverState State => (ReceiverState)Volatile.Read(ref _state);

    /// <summary>The server of the current (or last) connection; null before the first.</summary>
    public SenderInfo? Sender => Volatile.Read(ref _sender);

    public void SetState(ReceiverState state) => Volatile.Write(ref _state, (int)state);

    public void Connected(SenderInfo sender) => Volatile.Write(ref _sender, sender);

    public void RecordReconnect(DisconnectReason reason) => Interlocked.Increment(ref _reconnects[(int)reason]);

    public long Reconnects(DisconnectReason reason) => Volatile.Read(ref _reconnects[(int)reason]);
}
