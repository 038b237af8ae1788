using StandbyAgent.Protocol.Messages;
using StandbyAgent.Protocol.Tests.Support;
using StandbyAgent.Testing.Wire;

namespace StandbyAgent.Protocol.Tests.Messages;

public sealed class BackendKeyDataTests
{
    [Fact]
    public void Process_id_and_secret_key_are_read()
    {
        Assert.Equal(new BackendKeyData(4242, unchecked((int)0xDEADBEEF)), BackendKeyData.Parse(Segments.Single(Hex.Bytes("00001092 DEADBEEF"))));
    }

    /// <summary>Protocol 3.2 (PostgreSQL 18) sends up to 256 key bytes; this client asks for 3.0.</summary>
    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    [InlineData(7)]
    [InlineData(9)]
    [InlineData(36)]
    public void Payload_other_than_eight_bytes_is_a_protocol_violation(int length)
    {
        Assert.Throws<ProtocolViolationException>(() => BackendKeyData.Parse(Segments.Single(new byte[length])));
    }
}
