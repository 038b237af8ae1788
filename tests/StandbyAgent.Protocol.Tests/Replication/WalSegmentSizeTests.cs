using StandbyAgent.Protocol.Replication;

namespace StandbyAgent.Protocol.Tests.Replication;

public sealed class WalSegmentSizeTests
{
    [Theory]
    [InlineData("1MB", 1 << 20)]
    [InlineData("16MB", 16 << 20)]
    [InlineData("64MB", 64 << 20)]
    [InlineData("1GB", 1 << 30)]
    [InlineData("1024kB", 1 << 20)]
    [InlineData("0016MB", 16 << 20)]
    [InlineData(" 16MB\n", 16 << 20)]
    public void Power_of_two_from_one_megabyte_to_one_gigabyte_is_read(string text, int expected)
    {
        Assert.Equal(expected, WalSegmentSize.Parse(text));
        Assert.True(WalSegmentSize.IsValid(expected));
    }

    [Theory]
    [InlineData("3MB")]
    [InlineData("48MB")]
    [InlineData("512kB")]
    [InlineData("0MB")]
    [InlineData("2GB")]
    [InlineData("1024GB")]
    public void Size_that_is_not_a_power_of_two_in_range_is_a_protocol_violation(string text)
    {
        Assert.Throws<ProtocolViolationException>(() => WalSegmentSize.Parse(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("MB")]
    [InlineData("16")]
    [InlineData("16 MB")]
    [InlineData("16mb")]
    [InlineData("16M")]
    [InlineData("16TB")]
    [InlineData("16MBx")]
    [InlineData("-16MB")]
    [InlineData("+16MB")]
    [InlineData("1.5GB")]
    [InlineData("99999999999999999999MB")]
    public void Text_that_is_not_a_number_and_unit_is_a_protocol_violation(string text)
    {
        Assert.Throws<ProtocolViolationException>(() => WalSegmentSize.Parse(text));
    }

    /// <summary>
    /// 17592186044432 = 2^44 + 16, and (2^44 + 16) MB wraps a 64-bit multiplication to exactly 16 MB;
    /// (2^34 + 1) GB to exactly 1 GB, (2^54 + 1024) kB to exactly 1 MB. A hostile server must not get a valid size out of them.
    /// </summary>
    [Theory]
    [InlineData("17592186044432MB")]
    [InlineData("17179869185GB")]
    [InlineData("18014398509483008kB")]
    public void Number_so_large_that_multiplying_by_the_unit_wraps_is_a_protocol_violation(string text)
    {
        Assert.Throws<ProtocolViolationException>(() => WalSegmentSize.Parse(text));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(512 * 1024)]
    [InlineData(3 << 20)]
    [InlineData(2L << 30)]
    [InlineData(-(1L << 20))]
    public void Sizes_outside_the_allowed_set_are_not_valid(long bytes)
    {
        Assert.False(WalSegmentSize.IsValid(bytes));
    }
}
