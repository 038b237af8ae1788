using StandbyAgent.Protocol.Query;

namespace StandbyAgent.Protocol.Replication;

/// <summary>
/// The result set a server sends when a historic timeline ends (after CopyDone, or instead of
/// COPY when streaming starts exactly at the switch point): next_tli (int8) and
/// next_tli_startpos (text).
/// </summary>
public sealed record EndOfTimeline(uint NextTimeline, Lsn NextTimelineStart)
{
    private const int ColumnCount = 2;

    public static EndOfTimeline Parse(QueryResult result)
    {
        byte[]?[] row = result.SingleRow("the end-of-timeline result", ColumnCount);
        uint next = IdentifySystemResult.ParseTimeline(QueryResult.Text(row[0]), "next_tli");
        string? start = QueryResult.Text(row[1]);
        if (start is null || !Lsn.TryParse(start, out Lsn startLsn))
        {
            throw new ProtocolViolationException($"could not parse next timeline's starting point \"{start}\"");
        }

        return new EndOfTimeline(next, startLsn);
    }
}
