using System.Globalization;
using StandbyAgent.Protocol.Query;

namespace StandbyAgent.Protocol.Replication;

/// <summary>
/// IDENTIFY_SYSTEM's one row: systemid (text, decimal), timeline (int4 up to PG 15, int8 from
/// PG 16: read by value), xlogpos (the server's flush position), dbname (NULL for physical).
/// </summary>
public sealed record IdentifySystemResult(ulong SystemIdentifier, uint Timeline, Lsn XLogPosition, string? Database)
{
    private const int ColumnCount = 4;

    public static IdentifySystemResult Parse(QueryResult result)
    {
        byte[]?[] row = result.SingleRow(ReplicationCommand.IdentifySystem, ColumnCount);
        string systemId = QueryResult.Text(row[0]) ?? throw Invalid("systemid is NULL");
        if (!ulong.TryParse(systemId, NumberStyles.None, CultureInfo.InvariantCulture, out ulong sysid))
        {
            throw Invalid($"systemid \"{systemId}\" is not a number");
        }

        uint timeline = ParseTimeline(QueryResult.Text(row[1]), "timeline");
        string position = QueryResult.Text(row[2]) ?? throw Invalid("xlogpos is NULL");
        if (!Lsn.TryParse(position, out Lsn xlogpos))
        {
            throw Invalid($"xlogpos \"{position}\" is not a WAL location");
        }

        return new IdentifySystemResult(sysid, timeline, xlogpos, QueryResult.Text(row[3]));
    }

    /// <summary>Timelines are positive 32-bit numbers, sent as int4 or int8 text.</summary>
    internal static uint ParseTimeline(string? text, string column)
    {
        if (text is null || !uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out uint timeline) || timeline == 0)
        {
            throw new ProtocolViolationException($"the server sent {column} \"{text}\", which is not a timeline");
        }

        return timeline;
    }

    private static ProtocolViolationException Invalid(string problem) =>
        new($"could not identify system: {problem}");
}
