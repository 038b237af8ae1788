using StandbyAgent.Protocol.Query;

namespace StandbyAgent.Protocol.Replication;

/// <summary>
/// TIMELINE_HISTORY's row: the file name and its raw content. The name the server sends is only
/// compared with the one computed here; it never becomes a path.
/// </summary>
public sealed record TimelineHistoryFile(uint Timeline, string FileName, byte[] Content)
{
    private const int ColumnCount = 2;

    public static TimelineHistoryFile Parse(QueryResult result, uint timeline)
    {
        byte[]?[] row = result.SingleRow("TIMELINE_HISTORY", ColumnCount);
        string expected = WalFileName.History(timeline);
        string? reported = QueryResult.Text(row[0]);
        if (reported != expected)
        {
            throw new ProtocolViolationException(
                $"server reported unexpected history file name for timeline {timeline}: \"{reported}\", expected \"{expected}\"");
        }

        byte[] content = row[1] ?? throw new ProtocolViolationException($"server sent no content for {expected}");
        TimelineHistory.Parse(content, timeline);
        return new TimelineHistoryFile(timeline, expected, content);
    }
}
