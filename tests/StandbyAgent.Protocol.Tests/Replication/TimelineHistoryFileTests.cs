using System.Text;
using StandbyAgent.Protocol.Query;
using StandbyAgent.Protocol.Replication;
using StandbyAgent.Protocol.Tests.Support;
using StandbyAgent.Testing.Wire;

namespace StandbyAgent.Protocol.Tests.Replication;

public sealed class TimelineHistoryFileTests
{
    private const string HistoryOfTwo = "1\t0/3000158\tno recovery target specified\n";

    [Fact]
    public void Name_is_the_one_computed_here_and_content_is_kept_byte_for_byte()
    {
        const string content = "# comment\r\n1\t0/3000158\tno recovery target specified\r\n\r\n";

        TimelineHistoryFile file = TimelineHistoryFile.Parse(Row("00000002.history", content), 2);

        Assert.Equal(2u, file.Timeline);
        Assert.Equal("00000002.history", file.FileName);
        Assert.Equal(Encoding.UTF8.GetBytes(content), file.Content);
    }

    [Theory]
    [InlineData(2u, "../../x")]
    [InlineData(2u, "../00000002.history")]
    [InlineData(2u, "/tmp/00000002.history")]
    [InlineData(2u, "00000003.history")]
    [InlineData(2u, "00000002.history.tmp")]
    [InlineData(2u, "00000002.HISTORY")]
    [InlineData(2u, "00000002")]
    [InlineData(2u, "2.history")]
    [InlineData(2u, "")]
    [InlineData(2u, null)]
    [InlineData(10u, "0000000a.history")]
    public void Any_name_other_than_the_computed_one_is_a_protocol_violation(uint timeline, string? name)
    {
        ProtocolViolationException error = Assert.Throws<ProtocolViolationException>(() => TimelineHistoryFile.Parse(Row(name, HistoryOfTwo), timeline));

        Assert.Contains("unexpected history file name", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_content_is_a_protocol_violation()
    {
        Assert.Throws<ProtocolViolationException>(() => TimelineHistoryFile.Parse(Row("00000002.history", null), 2));
    }

    [Fact]
    public void Content_that_is_not_a_valid_history_is_a_protocol_violation()
    {
        Assert.Throws<ProtocolViolationException>(() => TimelineHistoryFile.Parse(Row("00000002.history", "2\t0/3000158\tself\n"), 2));
    }

    [Theory]
    [InlineData(0, 2)]
    [InlineData(2, 2)]
    [InlineData(1, 1)]
    [InlineData(1, 3)]
    public void Wrong_row_or_column_count_is_a_protocol_violation(int rows, int columns)
    {
        string?[] row = [.. new[] { "00000002.history", HistoryOfTwo, "extra" }.Take(columns)];
        QueryResult result = QueryResults.Create(QueryResults.TextColumns(columns), [.. Enumerable.Repeat(row, rows)]);

        Assert.Throws<ProtocolViolationException>(() => TimelineHistoryFile.Parse(result, 2));
    }

    private static QueryResult Row(string? fileName, string? content) =>
        QueryResults.SingleRow(("filename", BackendMessages.TextOid, fileName), ("content", BackendMessages.ByteaOid, content));
}
