using System.Buffers;
using System.Buffers.Binary;

namespace StandbyAgent.Protocol.Replication;

/// <summary>
/// Standby status update, sent inside CopyData: <c>'r'</c>, Int64 write, Int64 flush, Int64 apply,
/// Int64 client clock, Byte1 replyRequested. The whole frame is 39 bytes.
/// </summary>
/// <param name="Write">End of the WAL written to disk (not necessarily fsynced).</param>
/// <param name="Flush">End of the WAL fsynced. Never more than that: with a slot it moves restart_lsn.</param>
/// <param name="Apply">End of the WAL replayed; always invalid (0) for a receiver that does not replay.</param>
public readonly record struct StandbyStatusUpdate(Lsn Write, Lsn Flush, Lsn Apply, long ClientTime, bool ReplyRequested)
{
    /// <summary>'d', Int32 length 38, then 34 bytes of payload.</summary>
    public const int FrameLength = 39;

    public void WriteFrame(IBufferWriter<byte> output)
    {
        Span<byte> frame = output.GetSpan(FrameLength)[..FrameLength];
        frame[0] = (byte)FrontendMessageCode.CopyData;
        BinaryPrimitives.WriteInt32BigEndian(frame[1..], FrameLength - 1);
        frame[5] = (byte)ReplicationMessageCode.StandbyStatusUpdate;
        BinaryPrimitives.WriteUInt64BigEndian(frame[6..], Write.Value);
        BinaryPrimitives.WriteUInt64BigEndian(frame[14..], Flush.Value);
        BinaryPrimitives.WriteUInt64BigEndian(frame[22..], Apply.Value);
        BinaryPrimitives.WriteInt64BigEndian(frame[30..], ClientTime);
        frame[38] = ReplyRequested ? (byte)1 : (byte)0;
        output.Advance(FrameLength);
    }
}
