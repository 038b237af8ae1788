using StandbyAgent.Protocol.Tests.Support;

namespace StandbyAgent.Protocol.Tests;

public sealed class PostgresClockTests
{
    private static readonly DateTimeOffset s_postgresEpoch = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Latest microsecond count a DateTimeOffset can hold (9999-12-31T23:59:59.999999Z).</summary>
    private const long MaxMicroseconds = 252_455_615_999_999_999;

    [Fact]
    public void Epoch_is_2000_01_01_utc()
    {
        Assert.Equal(0, PostgresClock.ToPostgresMicroseconds(s_postgresEpoch));
        Assert.Equal(s_postgresEpoch, PostgresClock.FromPostgresMicroseconds(0));
    }

    [Theory]
    [InlineData("2024-01-01T00:00:00Z", 757_382_400_000_000L)]
    [InlineData("2000-01-01T00:00:00.000001Z", 1L)]
    [InlineData("1999-12-31T23:59:59Z", -1_000_000L)]
    [InlineData("1970-01-01T00:00:00Z", -946_684_800_000_000L)]
    [InlineData("2000-01-01T02:00:00+02:00", 0L)]
    public void Known_instants_convert_both_ways(string instant, long microseconds)
    {
        var time = DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(microseconds, PostgresClock.ToPostgresMicroseconds(time));
        Assert.Equal(time.UtcDateTime, PostgresClock.FromPostgresMicroseconds(microseconds).UtcDateTime);
    }

    [Fact]
    public void Sub_microsecond_ticks_are_dropped()
    {
        Assert.Equal(1, PostgresClock.ToPostgresMicroseconds(s_postgresEpoch.AddTicks(19)));
    }

    [Fact]
    public void Arbitrary_microsecond_counts_round_trip()
    {
        Random random = TestRandom.Create();
        long min = -s_postgresEpoch.UtcTicks / 10;
        for (int i = 0; i < TestRandom.Cases; i++)
        {
            long microseconds = random.NextInt64(min, MaxMicroseconds + 1);

            Assert.Equal(microseconds, PostgresClock.ToPostgresMicroseconds(PostgresClock.FromPostgresMicroseconds(microseconds)));
        }
    }

    [Fact]
    public void Last_representable_microsecond_converts()
    {
        Assert.Equal(DateTimeOffset.MaxValue.UtcTicks / 10 * 10, PostgresClock.FromPostgresMicroseconds(MaxMicroseconds).UtcTicks);
    }

    /// <summary>
    /// A server-sent sendTime is any Int64. Beyond the DateTimeOffset range the conversion must fail,
    /// not multiply with wraparound into a plausible date (long.MaxValue µs came out as 1999-12-31).
    /// </summary>
    [Theory]
    [InlineData(MaxMicroseconds + 1)]
    [InlineData(922_337_203_685_477_581L)]
    [InlineData(long.MaxValue)]
    [InlineData(long.MinValue)]
    public void Microsecond_count_outside_the_representable_range_is_refused_rather_than_wrapped(long microseconds)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PostgresClock.FromPostgresMicroseconds(microseconds));
    }
}
