using StandbyAgent.Protocol.Frontend;
using StandbyAgent.Protocol.Tests.Support;

namespace StandbyAgent.Protocol.Tests.Frontend;

public sealed class TerminateMessageTests
{
    [Fact]
    public void Terminate_is_x_and_length_four()
    {
        var output = new DirtyBufferWriter();

        TerminateMessage.Write(output);

        Assert.Equal(Hex.Bytes("58 00000004"), output.WrittenBytes);
    }
}
