using System.Buffers;
using StandbyAgent.Protocol.Frontend;
using StandbyAgent.Protocol.Messages;
using StandbyAgent.Testing.Wire;

namespace StandbyAgent.Tests.Relay;

/// <summary>The two messages of Postgres Pro's rsocket exchange, as the agent and the relay put them on the wire.</summary>
public sealed class RsocketExchangeTests
{
    [Fact]
    public void The_request_is_r_with_a_length_of_four_and_no_body()
    {
        var output = new ArrayBufferWriter<byte>();

        RsocketRequestMessage.Write(output);

        Assert.Equal(new byte[] { (byte)'R', 0, 0, 0, 4 }, output.WrittenSpan.ToArray());
    }

    [Fact]
    public void The_reply_is_s_with_the_port_as_one_string_and_reads_back()
    {
        var output = new ArrayBufferWriter<byte>();

        RsocketPortReply.Write(output, 5434);

        Assert.Equal(new byte[] { (byte)'S', 0, 0, 0, 9, (byte)'5', (byte)'4', (byte)'3', (byte)'4', 0 }, output.WrittenSpan.ToArray());
        Assert.True(RsocketPortReply.TryParse(new ReadOnlySequence<byte>(output.WrittenMemory[5..]), out RsocketPortReply reply));
        Assert.Equal(5434, reply.Port);
    }

    [Theory]
    [InlineData("server_version", "15.20")]
    [InlineData("a", "1")]
    public void A_parameter_status_is_not_mistaken_for_a_reply(string name, string value)
    {
        byte[] payload = BackendMessages.ParameterStatus(name, value);

        Assert.False(RsocketPortReply.TryParse(new ReadOnlySequence<byte>(payload), out _));
    }

    [Theory]
    [InlineData("0\0")]
    [InlineData("65536\0")]
    [InlineData("+5434\0")]
    [InlineData("5434")]
    public void A_port_out_of_range_or_malformed_is_not_a_reply(string text)
    {
        Assert.False(RsocketPortReply.TryParse(new ReadOnlySequence<byte>(System.Text.Encoding.ASCII.GetBytes(text)), out _));
    }
}
