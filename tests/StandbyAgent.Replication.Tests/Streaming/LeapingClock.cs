namespace StandbyAgent.Replication.Tests.Streaming;

/// <summary>
/// The system clock, except that the monotonic timestamps can be moved ahead at once: what the
/// receiver sees after its process was held up that long. Timers still fire in real time.
/// </summary>
internal sealed class LeapingClock : TimeProvider
{
    private long _leapTicks;

    public void Leap(TimeSpan by) => Interlocked.Add(ref _leapTicks, (long)(by.TotalSeconds * TimestampFrequency));

    public override long GetTimestamp() => base.GetTimestamp() + Interlocked.Read(ref _leapTicks);
}
