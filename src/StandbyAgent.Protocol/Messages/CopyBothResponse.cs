using System.Buffers;
using StandbyAgent.Protocol.Framing;

namespace StandbyAgent.Protocol.Messages;

/// <summary>
/// A CopyBothResponse ('W'): Int8 overall format, Int16 column count, Int16 format per column.
/// The walsender sends <c>W 00000007 00 0000</c>: text format, no columns.
/// </summary>
public readonly record struct CopyBothResponse(byte OverallFormat, short ColumnCount)
{
    public static CopyBothResponse Parse(ReadOnlySequence<byte> payload)
    {
        var reader = new PayloadReader(payload, "CopyBothResponse");
        byte format = reader.ReadByte();
        if (format > 1)
        {
            throw reader.Violation($"overall format {format}, neither text (0) nor binary (1)");
        }

        short columns = reader.ReadInt16();
        if (columns < 0 || columns > ProtocolLimits.MaxColumns)
        {
            throw reader.Violation($"column count {columns}");
        }

        for (int i = 0; i < columns; i++)
        {
            reader.ReadInt16();
        }

        reader.EnsureEnd();
        return new CopyBothResponse(format, columns);
    }
}
