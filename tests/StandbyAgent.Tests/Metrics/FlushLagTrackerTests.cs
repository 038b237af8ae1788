using StandbyAgent.Protocol;
using StandbyAgent.Replication.Streaming;

namespace StandbyAgent.Tests.Metrics;

/// <summary>The samples behind the flush lag: which report of the server's WAL end counts as the oldest not yet flushed.</summary>
public sealed class FlushLagTrackerTests
{
    private readonly FlushLagTracker _tracker = new();

    [Fact]
    public void With_no_report_nothing_is_behind()
    {
        Assert.Null(_tracker.OldestBeyond(new Lsn(100)));
    }

    [Fact]
    public void The_oldest_report_beyond_the_flushed_position_is_the_one_that_counts()
    {
        _tracker.ServerReported(new Lsn(1000), sendTime: 10_000, flushed: new Lsn(0));
        _tracker.ServerReported(new Lsn(2000), sendTime: 20_000, flushed: new Lsn(0));
        _tracker.ServerReported(new Lsn(3000), sendTime: 30_000, flushed: new Lsn(0));

        Assert.Equal(10_000, _tracker.OldestBeyond(new Lsn(999)));
        Assert.Equal(20_000, _tracker.OldestBeyond(new Lsn(1000)));
        Assert.Equal(30_000, _tracker.OldestBeyond(new Lsn(2500)));
        Assert.Null(_tracker.OldestBeyond(new Lsn(3000)));
    }

    [Fact]
    public void Reports_within_a_millisecond_share_the_earlier_time()
    {
        _tracker.ServerReported(new Lsn(1000), sendTime: 10_000, flushed: new Lsn(0));
        _tracker.ServerReported(new Lsn(2000), sendTime: 10_400, flushed: new Lsn(0));

        Assert.Equal(10_000, _tracker.OldestBeyond(new Lsn(1500)));
    }

    [Fact]
    public void A_backlog_longer_than_the_samples_is_still_told_to_within_a_small_part_of_its_length_and_never_as_younger()
    {
        // 100 s of reports, 10 ms apart, none flushed: ten times more than there are samples.
        const int Reports = 10_000;
        const long Step = 10_000;
        for (int i = 1; i <= Reports; i++)
        {
            _tracker.ServerReported(new Lsn((ulong)i * 1000), sendTime: i * Step, flushed: new Lsn(0));
        }

        foreach (int flushedReports in new[] { 0, 2500, 5000, 9000, 9990 })
        {
            long truth = (flushedReports + 1) * Step;
            long told = _tracker.OldestBeyond(new Lsn((ulong)flushedReports * 1000))!.Value;

            Assert.InRange(truth - told, 0, Reports * Step / 100);
        }
    }

    [Fact]
    public void Reports_after_a_flush_catches_up_are_sampled_finely_again()
    {
        for (int i = 1; i <= 10_000; i++)
        {
            _tracker.ServerReported(new Lsn((ulong)i * 1000), sendTime: i * 10_000L, flushed: new Lsn(0));
        }

        _tracker.ServerReported(new Lsn(20_000_000), sendTime: 200_000_000, flushed: new Lsn(10_000_000));
        _tracker.ServerReported(new Lsn(20_001_000), sendTime: 200_002_000, flushed: new Lsn(10_000_000));

        Assert.Equal(200_002_000, _tracker.OldestBeyond(new Lsn(20_000_000)));
    }
}
