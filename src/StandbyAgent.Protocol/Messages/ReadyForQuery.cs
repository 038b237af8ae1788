using System.Buffers;
using StandbyAgent.Protocol.Framing;

namespace StandbyAgent.Protocol.Messages;

/// <summary>A ReadyForQuery ('Z') message, with the server's transaction status.</summary>
public readonly record struct ReadyForQuery(char TransactionStatus)
{
    /// <summary>Not in a transaction block.</summary>
    public const byte Idle = (byte)'I';

    /// <summary>In a transaction block.</summary>
    public const byte InTransaction = (byte)'T';

    /// <summary>In a failed transaction block: queries are refused until it ends.</summary>
    public const byte InFailedTransaction = (byte)'E';

    public static ReadyForQuery Parse(ReadOnlySequence<byte> payload)
    {
        var reader = new PayloadReader(payload, "ReadyForQuery");
        byte status = reader.ReadByte();
        reader.EnsureEnd();
        if (status is not (Idle or InTransaction or InFailedTransaction))
        {
            throw reader.Violation($"unknown transaction status 0x{status:X2}");
        }

        return new ReadyForQuery((char)status);
    }
}
