using StandbyAgent.Protocol.Query;
using StandbyAgent.Protocol.Replication;
using StandbyAgent.Protocol.Tests.Support;
using StandbyAgent.Testing.Wire;

namespace StandbyAgent.Protocol.Tests.Replication;

public sealed class EndOfTimelineTests
{
    [Fact]
    public void Next_timeline_and_its_start_are_read()
    {
        Assert.Equal(new EndOfTimeline(3, Lsn.Parse("0/9949AE0")), EndOfTimeline.Parse(Row("3", "0/9949AE0")));
    }

    [Theory]
    [InlineData("0", "0/9949AE0")]
    [InlineData("-3", "0/9949AE0")]
    [InlineData("4294967296", "0/9949AE0")]
    [InlineData(null, "0/9949AE0")]
    [InlineData("3", "0/ZZ")]
    [InlineData("3", "9949AE0")]
    [InlineData("3", "")]
    [InlineData("3", null)]
    public void Unparsable_timeline_or_start_is_a_protocol_violation(string? nextTimeline, string? start)
    {
        Assert.Throws<ProtocolViolationException>(() => EndOfTimeline.Parse(Row(nextTimeline, start)));
    }

    [Theory]
    [InlineData(0, 2)]
    [InlineData(2, 2)]
    [InlineData(1, 1)]
    [InlineData(1, 3)]
    public void Wrong_row_or_column_count_is_a_protocol_violation(int rows, int columns)
    {
        string?[] row = [.. new[] { "3", "0/9949AE0", "extra" }.Take(columns)];
        QueryResult result = QueryResults.Create(QueryResults.TextColumns(columns), [.. Enumerable.Repeat(row, rows)]);

        Assert.Throws<ProtocolViolationException>(() => EndOfTimeline.Parse(result));
    }

    private static QueryResult Row(string? nextTimeline, string? start) =>
        QueryResults.SingleRow(("next_tli", BackendMessages.Int8Oid, nextTimeline), ("next_tli_startpos", BackendMessages.TextOid, start));
}
