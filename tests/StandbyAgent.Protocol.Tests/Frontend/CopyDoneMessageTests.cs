using StandbyAgent.Protocol.Frontend;
using StandbyAgent.Protocol.Tests.Support;

namespace StandbyAgent.Protocol.Tests.Frontend;

public sealed class CopyDoneMessageTests
{
    [Fact]
    public void Copy_done_is_c_and_length_four()
    {
        var output = new DirtyBufferWriter();

        CopyDoneMessage.Write(output);

        Assert.Equal(Hex.Bytes("63 00000004"), output.WrittenBytes);
    }
}
