using StandbyAgent.Protocol.Messages;
using StandbyAgent.Protocol.Query;
using StandbyAgent.Protocol.Tests.Support;

namespace StandbyAgent.Protocol.Tests.Query;

public sealed class QueryResultTests
{
    [Fact]
    public void Single_row_of_the_expected_width_is_returned()
    {
        QueryResult result = QueryResults.Create(QueryResults.TextColumns(2), ["a", null]);

        byte[]?[] row = result.SingleRow("TEST", 2);

        Assert.Equal(("a", (string?)null), (QueryResult.Text(row[0]), QueryResult.Text(row[1])));
    }

    [Theory]
    [InlineData(0, 2, 2, 2)]
    [InlineData(2, 2, 2, 2)]
    [InlineData(1, 3, 3, 2)]
    [InlineData(1, 2, 1, 2)]
    [InlineData(1, 1, 2, 2)]
    public void Any_other_shape_is_a_protocol_violation_naming_the_command(int rows, int described, int present, int expected)
    {
        byte[]?[] row = new byte[]?[present];
        var result = new QueryResult(QueryResults.TextColumns(described), [.. Enumerable.Repeat(row, rows)], []);

        ProtocolViolationException error = Assert.Throws<ProtocolViolationException>(() => result.SingleRow("TEST_COMMAND", expected));

        Assert.Contains("TEST_COMMAND", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_decodes_utf8_and_keeps_null()
    {
        Assert.Equal("naïve", QueryResult.Text("naïve"u8.ToArray()));
        Assert.Null(QueryResult.Text(null));
    }

    [Fact]
    public void Columns_and_tags_are_kept_as_given()
    {
        var result = new QueryResult([new ColumnDescription("x", 20)], [], ["A", "B"]);

        Assert.Equal([new ColumnDescription("x", 20)], result.Columns);
        Assert.Equal(["A", "B"], result.CommandTags);
    }
}
