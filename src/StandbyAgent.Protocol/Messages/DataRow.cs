using System.Buffers;
using StandbyAgent.Protocol.Framing;

namespace StandbyAgent.Protocol.Messages;

/// <summary>
/// A DataRow ('D'): Int16 count, then per column an Int32 length (-1 for NULL) and the bytes.
/// Values are copied out: replication commands return a handful of small rows.
/// </summary>
public static class DataRow
{
    private const int NullLength = -1;

    public static byte[]?[] Parse(ReadOnlySequence<byte> payload)
    {
        var reader = new PayloadReader(payload, "DataRow");
        short count = reader.ReadInt16();
        if (count < 0 || count > ProtocolLimits.MaxColumns)
        {
            throw reader.Violation($"column count {count}");
        }

        var values = new byte[]?[count];
        for (int i = 0; i < count; i++)
        {
            int length = reader.ReadInt32();
            if (length == NullLength)
            {
                continue;
            }

            if (length < 0)
            {
                throw reader.Violation($"column {i + 1} has length {length}");
            }

            // ReadSlice checks the length against what is really there before anything is allocated.
            values[i] = reader.ReadSlice(length).ToArray();
        }

        reader.EnsureEnd();
        return values;
    }
}
