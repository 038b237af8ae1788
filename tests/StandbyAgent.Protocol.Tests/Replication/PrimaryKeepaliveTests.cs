using StandbyAgent.Protocol.Replication;
using StandbyAgent.Protocol.Tests.Support;
using StandbyAgent.Testing.Wire;

namespace StandbyAgent.Protocol.Tests.Replication;

public sealed class PrimaryKeepaliveTests
{
    [Fact]
    public void Wal_end_send_time_and_reply_flag_are_read_from_exactly_eighteen_bytes()
    {
        byte[] bytes = Hex.Bytes("6B 00000016B374D848 0002B5E3AF16B188 01");
        Assert.Equal(PrimaryKeepalive.Length, bytes.Length);

        PrimaryKeepalive keepalive = PrimaryKeepalive.Parse(Segments.Single(bytes));

        Assert.Equal(new PrimaryKeepalive(Lsn.Parse("16/B374D848"), 0x0002_B5E3_AF16_B188, ReplyRequested: true), keepalive);
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(0xFF, true)]
    public void Any_nonzero_reply_byte_requests_a_reply(byte flag, bool expected)
    {
        Assert.Equal(expected, PrimaryKeepalive.Parse(Segments.Single(BackendMessages.PrimaryKeepalive(1, 2, flag))).ReplyRequested);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(17)]
    [InlineData(19)]
    [InlineData(25)]
    public void Keepalive_of_any_other_length_is_a_protocol_violation(int length)
    {
        byte[] bytes = [.. BackendMessages.PrimaryKeepalive(1, 2, 1), .. new byte[8]];

        Assert.Throws<ProtocolViolationException>(() => PrimaryKeepalive.Parse(Segments.Single(bytes[..length])));
    }
}
