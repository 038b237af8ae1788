using System.Buffers;
using StandbyAgent.Protocol.Framing;

namespace StandbyAgent.Protocol.Messages;

/// <summary>One column of a RowDescription.</summary>
public readonly record struct ColumnDescription(string Name, int TypeOid);

/// <summary>
/// A RowDescription ('T'): Int16 count, then per column a name, table OID (Int32), attribute
/// number (Int16), type OID (Int32), type length (Int16), type modifier (Int32), format (Int16).
/// </summary>
public static class RowDescription
{
    public static IReadOnlyList<ColumnDescription> Parse(ReadOnlySequence<byte> payload)
    {
        var reader = new PayloadReader(payload, "RowDescription");
        short count = reader.ReadInt16();
        if (count < 0 || count > ProtocolLimits.MaxColumns)
        {
            throw reader.Violation($"column count {count}");
        }

        var columns = new ColumnDescription[count];
        for (int i = 0; i < count; i++)
        {
            string name = reader.ReadCString();
            reader.ReadInt32();
            reader.ReadInt16();
            int typeOid = reader.ReadInt32();
            reader.ReadInt16();
            reader.ReadInt32();
            reader.ReadInt16();
            columns[i] = new ColumnDescription(name, typeOid);
        }

        reader.EnsureEnd();
        return columns;
    }
}
