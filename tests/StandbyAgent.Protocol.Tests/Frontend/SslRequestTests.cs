using StandbyAgent.Protocol.Frontend;
using StandbyAgent.Protocol.Tests.Support;

namespace StandbyAgent.Protocol.Tests.Frontend;

public sealed class SslRequestTests
{
    [Fact]
    public void Request_is_length_eight_and_code_80877103()
    {
        var output = new DirtyBufferWriter();

        SslRequest.Write(output);

        Assert.Equal(Hex.Bytes("00000008 04D2162F"), output.WrittenBytes);
        Assert.Equal(80877103, SslRequest.RequestCode);
    }

    [Fact]
    public void Answers_are_s_and_n()
    {
        Assert.Equal(((byte)'S', (byte)'N'), (SslRequest.Accepted, SslRequest.Refused));
    }
}
