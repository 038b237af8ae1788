using System.Text;
using StandbyAgent.Protocol.Messages;

namespace StandbyAgent.Protocol.Query;

/// <summary>
/// What a simple query returned: the last result set's columns and rows, and every command tag
/// in order (START_REPLICATION at a switch point returns two).
/// </summary>
public sealed class QueryResult
{
    public QueryResult(IReadOnlyList<ColumnDescription> columns, IReadOnlyList<byte[]?[]> rows, IReadOnlyList<string> commandTags)
    {
        Columns = columns;
        Rows = rows;
        CommandTags = commandTags;
    }

    public IReadOnlyList<ColumnDescription> Columns { get; }

    public IReadOnlyList<byte[]?[]> Rows { get; }

    public IReadOnlyList<string> CommandTags { get; }

    /// <summary>Returns the single row of a one-row result, checking its shape first.</summary>
    /// <param name="command">The command, for the error message.</param>
    /// <param name="columns">The number of columns the command returns.</param>
    public byte[]?[] SingleRow(string command, int columns)
    {
        if (Rows.Count != 1 || Columns.Count != columns || Rows[0].Length != columns)
        {
            throw new ProtocolViolationException(
                $"unexpected result from {command}: got {Rows.Count} rows and {Columns.Count} fields, expected 1 row and {columns} fields");
        }

        return Rows[0];
    }

    public static string? Text(byte[]? value) => value is null ? null : Encoding.UTF8.GetString(value);
}
