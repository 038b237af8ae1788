using StandbyAgent.Protocol.Frontend;
using StandbyAgent.Protocol.Tests.Support;

namespace StandbyAgent.Protocol.Tests.Frontend;

public sealed class StartupMessageTests
{
    /// <summary>The server's MAX_STARTUP_PACKET_LENGTH; the length word counts itself.</summary>
    private const int MaxStartupPacketLength = 10_000;

    [Fact]
    public void Message_is_length_version_and_name_value_pairs_ending_in_a_nul()
    {
        var output = new DirtyBufferWriter();

        StartupMessage.Write(output, [new("user", "rep"), new("database", "replication"), new("replication", "true")]);

        Assert.Equal(
            Hex.Bytes(
                "00000038 00030000"
                + "7573657200 72657000"
                + "646174616261736500 7265706C69636174696F6E00"
                + "7265706C69636174696F6E00 7472756500"
                + "00"),
            output.WrittenBytes);
    }

    [Fact]
    public void Message_without_parameters_is_nine_bytes()
    {
        var output = new DirtyBufferWriter();

        StartupMessage.Write(output, []);

        Assert.Equal(Hex.Bytes("00000009 00030000 00"), output.WrittenBytes);
    }

    [Fact]
    public void Length_counts_utf8_bytes_not_characters()
    {
        var output = new DirtyBufferWriter();

        StartupMessage.Write(output, [new("application_name", "agent-é")]);

        byte[] written = output.WrittenBytes;
        Assert.Equal(written.Length, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(written));
        Assert.Equal(9 + "application_name".Length + 1 + "agent-".Length + 2 + 1, written.Length);
    }

    [Theory]
    [InlineData("user", "rep\0lica")]
    [InlineData("us\0er", "rep")]
    [InlineData("user\0", "rep")]
    public void Nul_in_a_name_or_value_is_refused_before_anything_is_written(string name, string value)
    {
        var output = new DirtyBufferWriter();

        Assert.Throws<ArgumentException>(() => StartupMessage.Write(output, [new("database", "replication"), new(name, value)]));

        Assert.Equal(0, output.WrittenCount);
    }

    [Theory]
    [InlineData(MaxStartupPacketLength, true)]
    [InlineData(MaxStartupPacketLength + 1, false)]
    [InlineData(100_000, false)]
    public void Message_longer_than_the_server_accepts_is_refused_before_anything_is_written(int totalLength, bool accepted)
    {
        // 9 bytes of frame, "application_name\0" (17), the value, its NUL.
        string value = new('x', totalLength - 9 - 17 - 1);
        var output = new DirtyBufferWriter();

        if (accepted)
        {
            StartupMessage.Write(output, [new("application_name", value)]);
            Assert.Equal(totalLength, output.WrittenCount);
        }
        else
        {
            Assert.Throws<ArgumentException>(() => StartupMessage.Write(output, [new("application_name", value)]));
            Assert.Equal(0, output.WrittenCount);
        }
    }
}
