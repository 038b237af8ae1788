using System.Buffers;
using StandbyAgent.Replication.Connection.Tls;
using StandbyAgent.Transport;
using Xunit;

namespace StandbyAgent.Replication.Tests.Security;

/// <summary>The one-byte answer to SSLRequest, and everything that must not come with it.</summary>
public sealed class SslRequestAnswerTests
{
    [Fact]
    public void S_alone_means_tls_and_n_means_none()
    {
        Assert.True(SslRequestAnswer.Interpret(new ReadOnlySequence<byte>("S"u8.ToArray())));
        Assert.False(SslRequestAnswer.Interpret(new ReadOnlySequence<byte>("N"u8.ToArray())));
    }

    /// <summary>After 'N' the session goes on in plain text, so what follows is just its first message.</summary>
    [Fact]
    public void Bytes_after_n_are_left_for_the_plain_text_session() =>
        Assert.False(SslRequestAnswer.Interpret(new ReadOnlySequence<byte>("NR"u8.ToArray())));

    [Theory]
    [InlineData(new byte[] { (byte)'S', 0 }, "received unencrypted data after SSL response")]
    [InlineData(new byte[] { (byte)'S', (byte)'R', 0, 0, 0, 8, 0, 0, 0, 0 }, "received unencrypted data after SSL response")]
    [InlineData(new byte[] { (byte)'E', 0, 0, 0, 40, (byte)'S', (byte)'F' }, "server sent an error response during SSL exchange")]
    [InlineData(new byte[] { (byte)'E' }, "server sent an error response during SSL exchange")]
    [InlineData(new byte[] { (byte)'H', (byte)'T', (byte)'T', (byte)'P' }, "received invalid response to SSL negotiation: H")]
    [InlineData(new byte[] { 0x16, 3, 1 }, "received invalid response to SSL negotiation: 0x16")]
    public void Anything_else_ends_the_attempt_without_reading_the_servers_text(byte[] received, string error)
    {
        var exception = Assert.Throws<TransportException>(() => SslRequestAnswer.Interpret(new ReadOnlySequence<byte>(received)));

        Assert.Equal(error, exception.Message);
    }
}
