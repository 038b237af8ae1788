using System.Buffers;
using StandbyAgent.Protocol;
using StandbyAgent.Protocol.Framing;

namespace StandbyAgent.Testing.FakeServer;

/// <summary>
/// A standby status update as the server reads it: <c>'r'</c>, Int64 write, Int64 flush,
/// Int64 apply, Int64 client clock, Byte1 replyRequested (34 bytes inside CopyData).
/// </summary>
public sealed record ReceivedStatusUpdate(Lsn Write, Lsn Flush, Lsn Apply, long ClientTime, bool ReplyRequested, long ReceivedTimestamp)
{
    public const int PayloadLength = 34;

    /// <param name="message">A CopyData message whose payload starts with 'r'.</param>
    public static ReceivedStatusUpdate Parse(FrontendMessage message)
    {
        if (message.Payload.Length != PayloadLength)
        {
            throw new ProtocolViolationException($"a standby status update of {message.Payload.Length} bytes, {PayloadLength} expected");
        }

        var reader = new PayloadReader(new ReadOnlySequence<byte>(message.Payload), "standby status update");
        reader.ReadByte();
        var write = new Lsn(reader.ReadUInt64());
        var flush = new Lsn(reader.ReadUInt64());
        var apply = new Lsn(reader.ReadUInt64());
        long clientTime = reader.ReadInt64();
        byte replyRequested = reader.ReadByte();
        if (replyRequested > 1)
        {
            throw new ProtocolViolationException($"replyRequested is {replyRequested}, neither 0 nor 1");
        }

        return new ReceivedStatusUpdate(write, flush, apply, clientTime, replyRequested == 1, message.ReceivedTimestamp);
    }
}
