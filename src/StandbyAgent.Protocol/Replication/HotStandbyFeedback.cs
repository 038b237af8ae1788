using System.Buffers;
using System.Buffers.Binary;

namespace StandbyAgent.Protocol.Replication;

/// <summary>
/// Hot standby feedback, sent inside CopyData: <c>'h'</c>, Int64 clock, then xmin, xmin epoch,
/// catalog_xmin and catalog_xmin epoch (Int32 each). A WAL receiver holds no snapshot, so it only
/// ever sends zeros, once per connection, to clear an xmin a previous hot standby left on the slot.
/// </summary>
public static class HotStandbyFeedback
{
    /// <summary>'d', Int32 length 29, then 25 bytes of payload.</summary>
    public const int FrameLength = 30;

    public static void WriteClearingFrame(IBufferWriter<byte> output, long clientTime)
    {
        Span<byte> frame = output.GetSpan(FrameLength)[..FrameLength];
        frame.Clear();
        frame[0] = (byte)FrontendMessageCode.CopyData;
        BinaryPrimitives.WriteInt32BigEndian(frame[1..], FrameLength - 1);
        frame[5] = (byte)ReplicationMessageCode.HotStandbyFeedback;
        BinaryPrimitives.WriteInt64BigEndian(frame[6..], clientTime);
        output.Advance(FrameLength);
    }
}
