using System.Text;
using StandbyAgent.Protocol.Messages;
using StandbyAgent.Protocol.Query;

namespace StandbyAgent.Protocol.Tests.Fuzzing;

/// <summary>A result set of any shape, as a replication command might return it, and the timeline asked about.</summary>
internal sealed record ResultSet(ColumnDescription[] Columns, byte[]?[][] Rows, uint Timeline)
{
    public QueryResult ToQueryResult() => new(Columns, Rows, []);

    public override string ToString() =>
        $"timeline {Timeline}; columns [{string.Join(", ", Columns)}]; rows "
        + string.Join(" ", Rows.Select(row => $"[{string.Join(", ", row.Select(Show))}]"));

    private static string Show(byte[]? cell) =>
        cell is null ? "NULL" : $"\"{Encoding.UTF8.GetString(cell).ReplaceLineEndings("\\n").Replace("\t", "\\t", StringComparison.Ordinal)}\" ({Convert.ToHexString(cell)})";
}
