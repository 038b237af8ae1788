using StandbyAgent.Protocol.Framing;
using StandbyAgent.Protocol.Replication;
using StandbyAgent.Protocol.Tests.Support;
using StandbyAgent.Testing.Wire;

namespace StandbyAgent.Protocol.Tests.Replication;

public sealed class StandbyStatusUpdateTests
{
    private static readonly StandbyStatusUpdate s_update = new(
        Write: Lsn.Parse("16/B374D848"), Flush: Lsn.Parse("16/B3740000"), Apply: Lsn.Invalid, ClientTime: 0x0102_0304_0506_0708, ReplyRequested: true);

    [Theory]
    [InlineData(true, "01")]
    [InlineData(false, "00")]
    public void Frame_is_the_documented_thirty_nine_bytes(bool replyRequested, string replyByte)
    {
        var output = new DirtyBufferWriter();

        (s_update with { ReplyRequested = replyRequested }).WriteFrame(output);

        // 'd', Int32 38, 'r', write, flush, apply, clock, reply: every byte written, none left dirty.
        Assert.Equal(
            Hex.Bytes("64 00000026 72 00000016B374D848 00000016B3740000 0000000000000000 0102030405060708" + replyByte),
            output.WrittenBytes);
        Assert.Equal(StandbyStatusUpdate.FrameLength, output.WrittenCount);
    }

    [Fact]
    public void Frames_are_appended_to_what_the_buffer_already_holds()
    {
        var output = new DirtyBufferWriter();

        s_update.WriteFrame(output);
        s_update.WriteFrame(output);

        byte[] written = output.WrittenBytes;
        Assert.Equal(2 * StandbyStatusUpdate.FrameLength, written.Length);
        Assert.Equal(written[..StandbyStatusUpdate.FrameLength], written[StandbyStatusUpdate.FrameLength..]);
    }

    [Fact]
    public void Length_word_frames_a_thirty_four_byte_copy_data_payload()
    {
        var output = new DirtyBufferWriter();
        s_update.WriteFrame(output);

        Assert.True(FrameReading.TryReadOne(Segments.Single(output.WrittenBytes), out BackendFrame frame, out long consumed));

        Assert.Equal((byte)FrontendMessageCode.CopyData, (byte)frame.Code);
        Assert.Equal(34, frame.Payload.Length);
        Assert.Equal(StandbyStatusUpdate.FrameLength, consumed);
    }
}
