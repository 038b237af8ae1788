using System.Text;

namespace StandbyAgent.Storage.Tests;

public sealed class ClusterIdentityTests
{
    private const string SomePath = "/wal/standby-agent.identity";

    [Theory]
    [InlineData(0UL, 1024 * 1024)]
    [InlineData(1UL, 16 * 1024 * 1024)]
    [InlineData(7_312_345_678_901_234_567UL, 64 * 1024 * 1024)]
    [InlineData(ulong.MaxValue, 1024 * 1024 * 1024)]
    public void Serialize_then_Parse_gives_back_the_same_identity(ulong systemIdentifier, int segmentSize)
    {
        var identity = new ClusterIdentity(systemIdentifier, segmentSize);

        ClusterIdentity parsed = ClusterIdentity.Parse(identity.Serialize(), SomePath);

        Assert.Equal(identity, parsed);
    }

    [Fact]
    public void Serialize_writes_one_key_per_line_in_decimal()
    {
        var identity = new ClusterIdentity(7_312_345_678_901_234_567UL, 16 * 1024 * 1024);

        Assert.Equal("system_identifier = 7312345678901234567\nwal_segment_size = 16777216\n", identity.Serialize());
    }

    [Fact]
    public void ToBytes_is_the_serialized_text_in_ascii()
    {
        var identity = new ClusterIdentity(42UL, 1024 * 1024);

        Assert.Equal("system_identifier = 42\nwal_segment_size = 1048576\n"u8.ToArray(), identity.ToBytes());
    }

    [Theory]
    [InlineData("system_identifier = 42\r\nwal_segment_size = 1048576\r\n")]
    [InlineData("\n\nwal_segment_size=1048576\n  system_identifier=42  \n\n")]
    [InlineData("system_identifier = 42\nwal_segment_size = 1048576")]
    public void Parse_accepts_other_line_endings_order_and_spacing(string text)
    {
        Assert.Equal(new ClusterIdentity(42UL, 1024 * 1024), ClusterIdentity.Parse(text, SomePath));
    }

    [Theory]
    [InlineData("", "no system_identifier")]
    [InlineData("wal_segment_size = 1048576\n", "no system_identifier")]
    [InlineData("system_identifier = 42\n", "no wal_segment_size")]
    [InlineData("system_identifier = 42\nwal_segment_size = 1048576\ncolour = blue\n", "unexpected line \"colour = blue\"")]
    [InlineData("system_identifier = -42\nwal_segment_size = 1048576\n", "unexpected line")]
    [InlineData("system_identifier = 0x2A\nwal_segment_size = 1048576\n", "unexpected line")]
    [InlineData("system_identifier = 18446744073709551616\nwal_segment_size = 1048576\n", "unexpected line")]
    [InlineData("system_identifier = 42\nwal_segment_size = 4294967296\n", "unexpected line")]
    [InlineData("system_identifier = 42\nwal_segment_size = 1 MB\n", "unexpected line")]
    [InlineData("system_identifier 42\nwal_segment_size = 1048576\n", "unexpected line")]
    [InlineData("system_identifier = \nwal_segment_size = 1048576\n", "unexpected line")]
    [InlineData("\0\0\0\0\0\0\0\0", "unexpected line")]
    public void Parse_of_a_damaged_file_says_which_file_and_what_is_wrong(string text, string problem)
    {
        WalStorageException error = Assert.Throws<WalStorageException>(() => ClusterIdentity.Parse(text, SomePath));

        Assert.Contains($"\"{SomePath}\" is damaged", error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        Assert.False(error.IsOutOfSpace);
    }

    [Fact]
    public void Parse_of_binary_garbage_is_a_damaged_file_error()
    {
        string garbage = Encoding.Latin1.GetString([0xFF, 0xFE, 0x01, 0x0A, 0x80, 0x3D, 0x3D, 0x0A]);

        WalStorageException error = Assert.Throws<WalStorageException>(() => ClusterIdentity.Parse(garbage, SomePath));

        Assert.Contains("is damaged", error.Message, StringComparison.Ordinal);
    }
}
