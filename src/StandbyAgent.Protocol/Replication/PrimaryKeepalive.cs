using System.Buffers;
using StandbyAgent.Protocol.Framing;

namespace StandbyAgent.Protocol.Replication;

/// <summary>
/// Primary keepalive, exactly 18 bytes: <c>'k'</c>, Int64 walEnd, Int64 sendTime,
/// Byte1 replyRequested. The length is checked exactly, as the server's walreceiver does.
/// </summary>
public readonly record struct PrimaryKeepalive(Lsn WalEnd, long SendTime, bool ReplyRequested)
{
    public const int Length = 18;

    /// <param name="copyData">A CopyData payload whose first byte is 'k'.</param>
    public static PrimaryKeepalive Parse(ReadOnlySequence<byte> copyData)
    {
        if (copyData.Length != Length)
        {
            throw new ProtocolViolationException(
                $"invalid keepalive message received from the server: {copyData.Length} bytes, {Length} expected");
        }

        var reader = new PayloadReader(copyData, "primary keepalive");
        reader.ReadByte();
        var walEnd = new Lsn(reader.ReadUInt64());
        long sendTime = reader.ReadInt64();
        byte replyRequested = reader.ReadByte();
        return new PrimaryKeepalive(walEnd, sendTime, replyRequested != 0);
    }
}
