using System.Buffers;
using StandbyAgent.Protocol.Framing;

namespace StandbyAgent.Protocol.Messages;

/// <summary>A ReadyForQuery ('Z') message; the status is 'I' (idle), 'T' or 'E' (in a transaction).</summary>
public readonly record struct ReadyForQuery(char TransactionStatus)
{
    public static ReadyForQuery Parse(ReadOnlySequence<byte> payload)
    {
        var reader = new PayloadReader(payload, "ReadyForQuery");
        byte status = reader.ReadByte();
        reader.EnsureEnd();
        if (status is not ((byte)'I' or (byte)'T' or (byte)'E'))
        {
            throw reader.Violation($"unknown transaction status 0x{status:X2}");
        }

        return new ReadyForQuery((char)status);
    }
}
