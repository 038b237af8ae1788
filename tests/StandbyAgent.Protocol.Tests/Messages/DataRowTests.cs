using System.Text;
using StandbyAgent.Protocol.Framing;
using StandbyAgent.Protocol.Messages;
using StandbyAgent.Protocol.Tests.Support;
using StandbyAgent.Testing.Wire;

namespace StandbyAgent.Protocol.Tests.Messages;

public sealed class DataRowTests
{
    [Fact]
    public void Values_nulls_and_empty_values_are_told_apart()
    {
        byte[]?[] row = Parse(BackendMessages.DataRow("7312345678901234567", null, "", "0/16B3748"));

        Assert.Equal(4, row.Length);
        Assert.Equal("7312345678901234567", Encoding.UTF8.GetString(row[0]!));
        Assert.Null(row[1]);
        Assert.Equal([], row[2]!);
        Assert.Equal("0/16B3748", Encoding.UTF8.GetString(row[3]!));
    }

    [Fact]
    public void Row_of_no_columns_is_empty()
    {
        Assert.Empty(Parse(Hex.Bytes("0000")));
    }

    [Fact]
    public void Row_of_the_maximum_column_count_is_accepted()
    {
        byte[]?[] row = Parse(BackendMessages.DataRowBytes(new byte[]?[ProtocolLimits.MaxColumns]));

        Assert.Equal(ProtocolLimits.MaxColumns, row.Length);
        Assert.All(row, Assert.Null);
    }

    [Theory]
    [InlineData(-2)]
    [InlineData(-100)]
    [InlineData(int.MinValue)]
    public void Negative_length_other_than_minus_one_is_a_protocol_violation(int length)
    {
        byte[] payload = new PayloadBuilder().Int16(1).Int32(length).Bytes(new byte[16]).ToArray();

        Assert.Throws<ProtocolViolationException>(() => Parse(payload));
    }

    [Theory]
    [InlineData(4)]
    [InlineData(1_000_000)]
    [InlineData(int.MaxValue)]
    public void Length_beyond_the_message_is_rejected_before_anything_is_copied(int length)
    {
        byte[] payload = new PayloadBuilder().Int16(1).Int32(length).Bytes([1, 2, 3]).ToArray();

        Assert.Throws<ProtocolViolationException>(() => Parse(payload));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(short.MinValue)]
    [InlineData(ProtocolLimits.MaxColumns + 1)]
    [InlineData(short.MaxValue)]
    public void Column_count_outside_the_limit_is_a_protocol_violation(short count)
    {
        Assert.Throws<ProtocolViolationException>(() => Parse(new PayloadBuilder().Int16(count).Int32(-1).ToArray()));
    }

    [Fact]
    public void Column_count_larger_than_the_values_present_is_a_protocol_violation()
    {
        byte[] payload = new PayloadBuilder().Int16(3).Int32(-1).Int32(1).Byte(0x31).ToArray();

        Assert.Throws<ProtocolViolationException>(() => Parse(payload));
    }

    [Fact]
    public void Bytes_after_the_last_value_are_a_protocol_violation()
    {
        byte[] payload = [.. BackendMessages.DataRow("1"), 0x31];

        Assert.Throws<ProtocolViolationException>(() => Parse(payload));
    }

    private static byte[]?[] Parse(byte[] payload) => DataRow.Parse(Segments.Single(payload));
}
