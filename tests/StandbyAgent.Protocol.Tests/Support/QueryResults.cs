using System.Text;
using StandbyAgent.Protocol.Messages;
using StandbyAgent.Protocol.Query;
using StandbyAgent.Testing.Wire;

namespace StandbyAgent.Protocol.Tests.Support;

/// <summary>Query results of any shape, including shapes a well-behaved server never sends.</summary>
public static class QueryResults
{
    /// <summary>One row; each cell names its column, type and text value (null for NULL).</summary>
    public static QueryResult SingleRow(params (string Name, int TypeOid, string? Value)[] cells) =>
        Create([.. cells.Select(cell => new ColumnDescription(cell.Name, cell.TypeOid))], [.. cells.Select(cell => cell.Value)]);

    public static QueryResult Create(ColumnDescription[] columns, params string?[][] rows) =>
        new(columns, [.. rows.Select(Encode)], []);

    /// <summary><paramref name="count"/> text columns named c1, c2, ...</summary>
    public static ColumnDescription[] TextColumns(int count) =>
        [.. Enumerable.Range(1, count).Select(i => new ColumnDescription($"c{i}", BackendMessages.TextOid))];

    private static byte[]?[] Encode(string?[] row) =>
        [.. row.Select(value => value is null ? null : Encoding.UTF8.GetBytes(value))];
}
