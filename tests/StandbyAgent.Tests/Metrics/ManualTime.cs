namespace StandbyAgent.Tests.Metrics;

/// <summary>A wall clock that moves only when told to.</summary>
internal sealed class ManualTime(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
