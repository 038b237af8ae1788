using StandbyAgent.Protocol.Query;
using StandbyAgent.Protocol.Replication;
using StandbyAgent.Protocol.Tests.Support;
using StandbyAgent.Testing.Wire;

namespace StandbyAgent.Protocol.Tests.Replication;

public sealed class ReadReplicationSlotResultTests
{
    [Fact]
    public void Existing_slot_has_its_type_restart_lsn_and_timeline()
    {
        ReadReplicationSlotResult result = ReadReplicationSlotResult.Parse(Row("physical", "0/5000060", "2"));

        Assert.Equal(new ReadReplicationSlotResult("physical", Lsn.Parse("0/5000060"), 2u), result);
        Assert.True(result.Exists);
    }

    [Fact]
    public void Missing_slot_is_a_row_of_nulls()
    {
        ReadReplicationSlotResult result = ReadReplicationSlotResult.Parse(Row(null, null, null));

        Assert.False(result.Exists);
        Assert.Null(result.RestartLsn);
        Assert.Null(result.RestartTimeline);
    }

    [Fact]
    public void Slot_that_never_reserved_wal_has_no_restart_lsn()
    {
        ReadReplicationSlotResult result = ReadReplicationSlotResult.Parse(Row("physical", null, null));

        Assert.True(result.Exists);
        Assert.Null(result.RestartLsn);
        Assert.Null(result.RestartTimeline);
    }

    [Theory]
    [InlineData("0/ZZ", "1")]
    [InlineData("", "1")]
    [InlineData("0/5000060", "0")]
    [InlineData("0/5000060", "-1")]
    [InlineData("0/5000060", "x")]
    public void Unparsable_restart_lsn_or_timeline_is_a_protocol_violation(string restartLsn, string restartTimeline)
    {
        Assert.Throws<ProtocolViolationException>(() => ReadReplicationSlotResult.Parse(Row("physical", restartLsn, restartTimeline)));
    }

    [Theory]
    [InlineData(0, 3)]
    [InlineData(2, 3)]
    [InlineData(1, 2)]
    [InlineData(1, 4)]
    public void Wrong_row_or_column_count_is_a_protocol_violation(int rows, int columns)
    {
        string?[] row = new string?[columns];
        QueryResult result = QueryResults.Create(QueryResults.TextColumns(columns), [.. Enumerable.Repeat(row, rows)]);

        Assert.Throws<ProtocolViolationException>(() => ReadReplicationSlotResult.Parse(result));
    }

    private static QueryResult Row(string? slotType, string? restartLsn, string? restartTimeline) =>
        QueryResults.SingleRow(
            ("slot_type", BackendMessages.TextOid, slotType),
            ("restart_lsn", BackendMessages.TextOid, restartLsn),
            ("restart_tli", BackendMessages.Int8Oid, restartTimeline));
}
