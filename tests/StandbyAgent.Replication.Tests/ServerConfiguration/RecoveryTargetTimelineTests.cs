using StandbyAgent.Replication.ServerConfiguration;
using Xunit;

namespace StandbyAgent.Replication.Tests.ServerConfiguration;

public sealed class RecoveryTargetTimelineTests
{
    [Fact]
    public void Latest_follows_every_switch() =>
        Assert.Null(RecoveryTargetTimeline.Latest.LastTimeline(startTimeline: 4));

    [Fact]
    public void Current_stays_on_the_timeline_streaming_starts_on() =>
        Assert.Equal(4u, RecoveryTargetTimeline.Current.LastTimeline(startTimeline: 4));

    [Fact]
    public void A_number_follows_switches_up_to_that_timeline() =>
        Assert.Equal(7u, RecoveryTargetTimeline.Numbered(7).LastTimeline(startTimeline: 4));

    [Theory]
    [InlineData("latest", true)]
    [InlineData("current", true)]
    [InlineData("12", true)]
    [InlineData("4294967295", true)]
    [InlineData("4294967296", false)]
    [InlineData("0", false)]
    [InlineData("-1", false)]
    [InlineData(" 1", false)]
    [InlineData("Latest", false)]
    [InlineData("", false)]
    public void Parses_what_the_server_accepts(string text, bool valid)
    {
        Assert.Equal(valid, RecoveryTargetTimeline.TryParse(text, out RecoveryTargetTimeline target));
        if (valid)
        {
            Assert.Equal(text, target.ToString());
        }
    }
}
