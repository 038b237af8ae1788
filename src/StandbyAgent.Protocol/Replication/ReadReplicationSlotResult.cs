using StandbyAgent.Protocol.Query;

namespace StandbyAgent.Protocol.Replication;

/// <summary>
/// READ_REPLICATION_SLOT's row: slot_type, restart_lsn, restart_tli. All NULL when the slot does
/// not exist; restart_lsn NULL for a slot that has never reserved WAL.
/// </summary>
public sealed record ReadReplicationSlotResult(string? SlotType, Lsn? RestartLsn, uint? RestartTimeline)
{
    private const int ColumnCount = 3;

    public bool Exists => SlotType is not null;

    public static ReadReplicationSlotResult Parse(QueryResult result)
    {
        byte[]?[] row = result.SingleRow("READ_REPLICATION_SLOT", ColumnCount);
        string? type = QueryResult.Text(row[0]);
        string? restart = QueryResult.Text(row[1]);
        Lsn? restartLsn = null;
        if (restart is not null)
        {
            restartLsn = Lsn.TryParse(restart, out Lsn lsn)
                ? lsn
                : throw new ProtocolViolationException($"READ_REPLICATION_SLOT returned restart_lsn \"{restart}\"");
        }

        string? tli = QueryResult.Text(row[2]);
        uint? restartTimeline = tli is null ? null : IdentifySystemResult.ParseTimeline(tli, "restart_tli");
        return new ReadReplicationSlotResult(type, restartLsn, restartTimeline);
    }
}
