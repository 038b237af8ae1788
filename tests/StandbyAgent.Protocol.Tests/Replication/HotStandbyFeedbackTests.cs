using StandbyAgent.Protocol.Framing;
using StandbyAgent.Protocol.Replication;
using StandbyAgent.Protocol.Tests.Support;
using StandbyAgent.Testing.Wire;

namespace StandbyAgent.Protocol.Tests.Replication;

public sealed class HotStandbyFeedbackTests
{
    [Fact]
    public void Clearing_frame_is_the_documented_thirty_bytes_with_every_xmin_zero()
    {
        var output = new DirtyBufferWriter();

        HotStandbyFeedback.WriteClearingFrame(output, clientTime: 0x0102_0304_0506_0708);

        // 'd', Int32 29, 'h', clock, xmin, xmin epoch, catalog_xmin, catalog_xmin epoch.
        Assert.Equal(
            Hex.Bytes("64 0000001D 68 0102030405060708 00000000 00000000 00000000 00000000"),
            output.WrittenBytes);
        Assert.Equal(HotStandbyFeedback.FrameLength, output.WrittenCount);
    }

    [Fact]
    public void Length_word_frames_a_twenty_five_byte_copy_data_payload()
    {
        var output = new DirtyBufferWriter();
        HotStandbyFeedback.WriteClearingFrame(output, clientTime: -1);

        Assert.True(FrameReading.TryReadOne(Segments.Single(output.WrittenBytes), out BackendFrame frame, out long consumed));

        Assert.Equal(25, frame.Payload.Length);
        Assert.Equal(HotStandbyFeedback.FrameLength, consumed);
    }
}
