using System.Text;
using StandbyAgent.Protocol.Replication;

namespace StandbyAgent.Protocol.Tests.Replication;

public sealed class TimelineHistoryTests
{
    private const string HistoryOfFour =
        "1\t0/3000158\tno recovery target specified\n"
        + "\n"
        + "# promoted by hand\n"
        + "2\t0/5000000\tbefore 2000-01-01 00:00:00+00\r\n"
        + "3\t0/5000000\tat restore point \"x\"";

    [Fact]
    public void Switches_are_read_oldest_first_skipping_comments_blank_lines_and_carriage_returns()
    {
        TimelineHistory history = Parse(HistoryOfFour, 4);

        Assert.Equal(4u, history.Timeline);
        Assert.Equal(
            [new TimelineSwitch(1, Lsn.Parse("0/3000158")), new TimelineSwitch(2, Lsn.Parse("0/5000000")), new TimelineSwitch(3, Lsn.Parse("0/5000000"))],
            history.Switches);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n\n")]
    [InlineData("# only a comment\n")]
    public void History_without_entries_has_no_switches(string content)
    {
        Assert.Empty(Parse(content, 1).Switches);
    }

    [Theory]
    [InlineData("1\t0/3000158")]
    [InlineData("  1\t0/3000158\treason\n")]
    [InlineData("1\t0/3000158\treason\twith\ttabs")]
    [InlineData("1\t0/03000158\t")]
    public void Reason_is_optional_and_leading_blanks_are_ignored(string content)
    {
        Assert.Equal([new TimelineSwitch(1, Lsn.Parse("0/3000158"))], Parse(content, 2).Switches);
    }

    /// <summary>Timeline 2 may have been abandoned; the server itself only requires increasing IDs.</summary>
    [Fact]
    public void Timelines_may_skip_numbers()
    {
        Assert.Equal([1u, 3u], Parse("1\t0/3000000\n3\t0/4000000\n", 5).Switches.Select(entry => entry.Timeline));
    }

    [Theory]
    [InlineData("2\t0/3000000\n2\t0/4000000\n")]
    [InlineData("2\t0/3000000\n1\t0/4000000\n")]
    [InlineData("5\t0/3000000\n")]
    [InlineData("6\t0/3000000\n")]
    [InlineData("0\t0/3000000\n")]
    public void Timelines_not_increasing_or_not_below_the_files_own_are_a_protocol_violation(string content)
    {
        Assert.Throws<ProtocolViolationException>(() => Parse(content, 5));
    }

    [Fact]
    public void Switch_point_going_backwards_is_a_protocol_violation()
    {
        Assert.Throws<ProtocolViolationException>(() => Parse("1\t0/4000000\n2\t0/3000000\n", 5));
    }

    [Theory]
    [InlineData("1\t0/ZZ\n")]
    [InlineData("1\t\n")]
    [InlineData("1\n")]
    [InlineData("1 0/3000000\n")]
    [InlineData("x\t0/3000000\n")]
    [InlineData("-1\t0/3000000\n")]
    [InlineData("\t0/3000000\n")]
    [InlineData("1\t3000000\n")]
    public void Line_that_is_not_a_timeline_tab_and_location_is_a_protocol_violation(string content)
    {
        Assert.Throws<ProtocolViolationException>(() => Parse(content, 5));
    }

    [Theory]
    [InlineData("0/0", 1u)]
    [InlineData("0/3000157", 1u)]
    [InlineData("0/3000158", 2u)]
    [InlineData("0/4FFFFFF", 2u)]
    [InlineData("0/5000000", 4u)]
    [InlineData("FFFFFFFF/FFFFFFFF", 4u)]
    public void Timeline_of_a_location_is_the_one_whose_range_holds_it(string lsn, uint expected)
    {
        // Timeline 3 ended where it began, so no location belongs to it.
        Assert.Equal(expected, Parse(HistoryOfFour, 4).TimelineOf(Lsn.Parse(lsn)));
    }

    [Fact]
    public void Every_location_of_an_empty_history_is_on_the_files_own_timeline()
    {
        Assert.Equal(1u, Parse("", 1).TimelineOf(Lsn.Parse("16/B374D848")));
    }

    private static TimelineHistory Parse(string content, uint timeline) => TimelineHistory.Parse(Encoding.UTF8.GetBytes(content), timeline);
}
