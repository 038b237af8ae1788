namespace StandbyAgent.Protocol;

/// <summary>
/// Replication timestamps count microseconds since 2000-01-01 00:00 UTC (PostgreSQL's epoch).
/// </summary>
public static class PostgresClock
{
    private static readonly long s_postgresEpochTicks = new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero).UtcTicks;

    public static long ToPostgresMicroseconds(DateTimeOffset time) =>
        (time.UtcTicks - s_postgresEpochTicks) / (TimeSpan.TicksPerMillisecond / 1000);

    public static DateTimeOffset FromPostgresMicroseconds(long microseconds) =>
        new(s_postgresEpochTicks + (microseconds * (TimeSpan.TicksPerMillisecond / 1000)), TimeSpan.Zero);
}
