using StandbyAgent.Protocol.Messages;
using StandbyAgent.Protocol.Query;
using StandbyAgent.Protocol.Replication;
using StandbyAgent.Protocol.Tests.Support;
using StandbyAgent.Testing.Wire;

namespace StandbyAgent.Protocol.Tests.Replication;

public sealed class IdentifySystemResultTests
{
    /// <summary>Timeline is int4 up to PostgreSQL 15 and int8 from 16; the text is the same.</summary>
    [Theory]
    [InlineData(BackendMessages.Int4Oid)]
    [InlineData(BackendMessages.Int8Oid)]
    public void Row_of_a_physical_connection_is_read(int timelineOid)
    {
        IdentifySystemResult result = IdentifySystemResult.Parse(Row(timelineOid: timelineOid));

        Assert.Equal(new IdentifySystemResult(7312345678901234567, 3, Lsn.Parse("0/16B3748"), null), result);
    }

    [Fact]
    public void Database_name_is_passed_on_for_the_caller_to_refuse()
    {
        Assert.Equal("postgres", IdentifySystemResult.Parse(Row(dbname: "postgres")).Database);
    }

    [Theory]
    [InlineData("1", 1u)]
    [InlineData("02", 2u)]
    [InlineData("4294967295", uint.MaxValue)]
    public void Timeline_text_is_read_as_a_positive_32_bit_number(string text, uint expected)
    {
        Assert.Equal(expected, IdentifySystemResult.Parse(Row(timeline: text)).Timeline);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("+1")]
    [InlineData(" 1")]
    [InlineData("1 ")]
    [InlineData("4294967296")]
    [InlineData("1.0")]
    [InlineData("abc")]
    [InlineData("")]
    [InlineData(null)]
    public void Timeline_that_is_not_a_positive_32_bit_number_is_a_protocol_violation(string? text)
    {
        Assert.Throws<ProtocolViolationException>(() => IdentifySystemResult.Parse(Row(timeline: text)));
    }

    [Theory]
    [InlineData("0", 0ul)]
    [InlineData("18446744073709551615", ulong.MaxValue)]
    public void System_identifier_is_read_as_an_unsigned_64_bit_number(string text, ulong expected)
    {
        Assert.Equal(expected, IdentifySystemResult.Parse(Row(systemId: text)).SystemIdentifier);
    }

    [Theory]
    [InlineData("18446744073709551616")]
    [InlineData("-1")]
    [InlineData("+1")]
    [InlineData(" 1")]
    [InlineData("1e5")]
    [InlineData("0x10")]
    [InlineData("abc")]
    [InlineData("")]
    [InlineData(null)]
    public void Non_numeric_system_identifier_is_a_protocol_violation(string? text)
    {
        Assert.Throws<ProtocolViolationException>(() => IdentifySystemResult.Parse(Row(systemId: text)));
    }

    [Theory]
    [InlineData("0/ZZ")]
    [InlineData("16B3748")]
    [InlineData("")]
    [InlineData(null)]
    public void Unparsable_xlogpos_is_a_protocol_violation(string? text)
    {
        Assert.Throws<ProtocolViolationException>(() => IdentifySystemResult.Parse(Row(xlogpos: text)));
    }

    [Theory]
    [InlineData(0, 4)]
    [InlineData(2, 4)]
    [InlineData(1, 3)]
    [InlineData(1, 5)]
    public void Wrong_row_or_column_count_is_a_protocol_violation(int rows, int columns)
    {
        string?[] row = [.. new[] { "7312345678901234567", "3", "0/16B3748", null, "extra" }.Take(columns)];
        QueryResult result = QueryResults.Create(QueryResults.TextColumns(columns), [.. Enumerable.Repeat(row, rows)]);

        ProtocolViolationException error = Assert.Throws<ProtocolViolationException>(() => IdentifySystemResult.Parse(result));

        Assert.Contains(ReplicationCommand.IdentifySystem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Row_shorter_than_its_description_is_a_protocol_violation()
    {
        var result = new QueryResult(QueryResults.TextColumns(4), [[[0x31], [0x31], [0x30, 0x2F, 0x30]]], []);

        Assert.Throws<ProtocolViolationException>(() => IdentifySystemResult.Parse(result));
    }

    private static QueryResult Row(
        string? systemId = "7312345678901234567", string? timeline = "3", string? xlogpos = "0/16B3748", string? dbname = null,
        int timelineOid = BackendMessages.Int8Oid) =>
        QueryResults.SingleRow(
            ("systemid", BackendMessages.TextOid, systemId),
            ("timeline", timelineOid, timeline),
            ("xlogpos", BackendMessages.TextOid, xlogpos),
            ("dbname", BackendMessages.TextOid, dbname));
}
