using StandbyAgent.Protocol.Messages;
using StandbyAgent.Protocol.Tests.Support;
using StandbyAgent.Testing.Wire;

namespace StandbyAgent.Protocol.Tests.Messages;

public sealed class ReadyForQueryTests
{
    [Theory]
    [InlineData('I')]
    [InlineData('T')]
    [InlineData('E')]
    public void Transaction_status_is_read(char status)
    {
        Assert.Equal(status, ReadyForQuery.Parse(Segments.Single(BackendMessages.ReadyForQuery(status))).TransactionStatus);
    }

    [Theory]
    [InlineData(new byte[] { (byte)'X' })]
    [InlineData(new byte[] { (byte)'i' })]
    [InlineData(new byte[] { 0 })]
    [InlineData(new byte[] { })]
    [InlineData(new byte[] { (byte)'I', (byte)'I' })]
    public void Unknown_status_or_wrong_length_is_a_protocol_violation(byte[] payload)
    {
        Assert.Throws<ProtocolViolationException>(() => ReadyForQuery.Parse(Segments.Single(payload)));
    }
}
