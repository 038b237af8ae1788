using StandbyAgent.Protocol.Messages;
using StandbyAgent.Protocol.Tests.Support;
using StandbyAgent.Testing.Wire;

namespace StandbyAgent.Protocol.Tests.Messages;

public sealed class NegotiateProtocolVersionTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(2, "_pq_.compression")]
    [InlineData(2, "_pq_.compression", "_pq_.other")]
    public void Newest_minor_version_and_unrecognized_options_are_read(int minor, params string[] options)
    {
        NegotiateProtocolVersion message = Parse(BackendMessages.NegotiateProtocolVersion(minor, options));

        Assert.Equal(minor, message.NewestMinorVersion);
        Assert.Equal(options, message.UnrecognizedOptions);
    }

    [Fact]
    public void Option_count_equal_to_the_bytes_left_is_accepted_when_every_option_is_empty()
    {
        NegotiateProtocolVersion message = Parse(Hex.Bytes("00000000 00000003 00 00 00"));

        Assert.Equal(["", "", ""], message.UnrecognizedOptions);
    }

    [Theory]
    [InlineData(int.MaxValue)]
    [InlineData(0x0100_0000)]
    [InlineData(4)]
    [InlineData(-1)]
    [InlineData(int.MinValue)]
    public void Option_count_that_cannot_fit_in_the_message_is_rejected_before_anything_is_allocated(int count)
    {
        byte[] payload = new PayloadBuilder().Int32(0).Int32(count).CString("a").CString("b").ToArray();

        Assert.Throws<ProtocolViolationException>(() => Parse(payload));
    }

    [Theory]
    [InlineData("00000000 00000001 61")]
    [InlineData("00000000 00000001 6100 6200")]
    [InlineData("00000000 00000000 00")]
    [InlineData("00000000 000000")]
    public void Unterminated_or_extra_options_are_a_protocol_violation(string payload)
    {
        Assert.Throws<ProtocolViolationException>(() => Parse(Hex.Bytes(payload)));
    }

    private static NegotiateProtocolVersion Parse(byte[] payload) => NegotiateProtocolVersion.Parse(Segments.Single(payload));
}
