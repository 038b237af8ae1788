namespace StandbyAgent.Replication.Streaming;

/// <summary>
/// How long each fsync of WAL took, as the durability thread reports it, handed on to whoever
/// listens (the metrics histogram). Nothing is kept here: with no listener a report costs a null check.
/// </summary>
public sealed class FsyncDurations
{
    public event Action<TimeSpan>? Recorded;

    /// <summary>Called on the thread that ran each fsync, after it.</summary>
    public void Record(TimeSpan elapsed) => Recorded?.Invoke(elapsed);
}
