using System.Text;
using StandbyAgent.Protocol.Messages;
using StandbyAgent.Protocol.Tests.Support;
using StandbyAgent.Testing.Wire;

namespace StandbyAgent.Protocol.Tests.Messages;

public sealed class CommandCompleteTests
{
    [Theory]
    [InlineData("START_STREAMING")]
    [InlineData("START_REPLICATION")]
    [InlineData("COPY 0")]
    [InlineData("")]
    public void Tag_is_read(string tag)
    {
        Assert.Equal(tag, CommandComplete.Parse(Segments.Single(BackendMessages.CommandComplete(tag))).Tag);
    }

    [Theory]
    [InlineData("")]
    [InlineData("COPY 0")]
    [InlineData("COPY 0\0\0")]
    public void Unterminated_or_padded_tag_is_a_protocol_violation(string payload)
    {
        Assert.Throws<ProtocolViolationException>(() => CommandComplete.Parse(Segments.Single(Encoding.UTF8.GetBytes(payload))));
    }
}
