using StandbyAgent.Protocol.Framing;
using StandbyAgent.Protocol.Messages;
using StandbyAgent.Protocol.Tests.Support;
using StandbyAgent.Testing.Wire;

namespace StandbyAgent.Protocol.Tests.Messages;

public sealed class CopyBothResponseTests
{
    [Fact]
    public void Walsender_response_is_text_format_with_no_columns()
    {
        // The whole frame the walsender sends: 'W' 00000007 00 0000.
        Assert.True(FrameReading.TryReadOne(Segments.Single(Hex.Bytes("57 00000007 00 0000")), out BackendFrame frame, out _));

        Assert.Equal(new CopyBothResponse(0, 0), CopyBothResponse.Parse(frame.Payload));
    }

    [Fact]
    public void Column_formats_are_read_past()
    {
        Assert.Equal(new CopyBothResponse(1, 2), CopyBothResponse.Parse(Segments.Single(BackendMessages.CopyBothResponse(1, 1, 1))));
    }

    [Theory]
    [InlineData("")]
    [InlineData("00")]
    [InlineData("00 00")]
    [InlineData("00 FFFF")]
    [InlineData("00 8000")]
    [InlineData("00 0681")] // MaxColumns + 1
    [InlineData("00 7FFF")]
    [InlineData("00 0002 0000")]
    [InlineData("00 0000 00")]
    [InlineData("00 0001 0000 00")]
    public void Bad_column_count_truncation_or_padding_is_a_protocol_violation(string payload)
    {
        Assert.Throws<ProtocolViolationException>(() => CopyBothResponse.Parse(Segments.Single(Hex.Bytes(payload))));
    }
}
