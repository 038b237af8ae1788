namespace StandbyAgent.Protocol;

/// <summary>
/// Replication timestamps count microseconds since 2000-01-01 00:00 UTC (PostgreSQL's epoch).
/// </summary>
public static class PostgresClock
{
    private static readonly long s_postgresEpochTicks = new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero).UtcTicks;

    public static long ToPostgresMicroseconds(DateTimeOffset time) =>
        (time.UtcTicks - s_postgresEpochTicks) / (TimeSpan.TicksPerMillisecond / 1000);

    /// <exception cref="ArgumentOutOfRangeException">The time is outside what DateTimeOffset holds (a server may send anything).</exception>
    public static DateTimeOffset FromPostgresMicroseconds(long microseconds)
    {
        const long TicksPerMicrosecond = TimeSpan.TicksPerMillisecond / 1000;
        long lowest = -s_postgresEpochTicks / TicksPerMicrosecond;
        long highest = (DateTimeOffset.MaxValue.UtcTicks - s_postgresEpochTicks) / TicksPerMicrosecond;
        ArgumentOutOfRangeException.ThrowIfLessThan(microseconds, lowest);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(microseconds, highest);
        return new DateTimeOffset(s_postgresEpochTicks + (microseconds * TicksPerMicrosecond), TimeSpan.Zero);
    }
}
