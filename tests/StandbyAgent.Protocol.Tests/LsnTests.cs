using System.Globalization;
using StandbyAgent.Protocol.Tests.Support;

namespace StandbyAgent.Protocol.Tests;

public sealed class LsnTests
{
    [Theory]
    [InlineData("0/0", 0ul)]
    [InlineData("0/16B3748", 0x16B3748ul)]
    [InlineData("16/B374D848", 0x16_B374_D848ul)]
    [InlineData("1/0", 0x1_0000_0000ul)]
    [InlineData("FFFFFFFF/FFFFFFFF", ulong.MaxValue)]
    public void Text_and_value_round_trip(string text, ulong value)
    {
        Assert.Equal(new Lsn(value), Lsn.Parse(text));
        Assert.Equal(text, new Lsn(value).ToString());
    }

    [Theory]
    [InlineData("0/0000ABCD", 0xABCDul)]
    [InlineData("00000000/00000000", 0ul)]
    [InlineData("16/b374d848", 0x16_B374_D848ul)]
    public void Padded_and_lower_case_forms_parse(string text, ulong value)
    {
        Assert.True(Lsn.TryParse(text, out Lsn lsn));
        Assert.Equal(value, lsn.Value);
    }

    [Theory]
    [InlineData("0/ZZ")]
    [InlineData("/1")]
    [InlineData("1/")]
    [InlineData("/")]
    [InlineData("")]
    [InlineData("1")]
    [InlineData("123456789/0")]
    [InlineData("0/123456789")]
    [InlineData(" 0/1")]
    [InlineData("0/1 ")]
    [InlineData("0 /1")]
    [InlineData("0x1/2")]
    [InlineData("1/0x2")]
    [InlineData("+1/2")]
    [InlineData("-1/2")]
    [InlineData("1/-2")]
    [InlineData("1/2/3")]
    [InlineData("\uFF11/2")]
    [InlineData("0/1\0")]
    public void Anything_but_one_to_eight_hex_digits_on_each_side_of_a_slash_is_refused(string text)
    {
        Assert.False(Lsn.TryParse(text, out Lsn lsn));
        Assert.Equal(Lsn.Invalid, lsn);
        FormatException error = Assert.Throws<FormatException>(() => Lsn.Parse(text));
        Assert.Contains($"\"{text}\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Arbitrary_values_round_trip_through_both_printed_forms()
    {
        Random random = TestRandom.Create();
        for (int i = 0; i < 10 * TestRandom.Cases; i++)
        {
            var lsn = new Lsn(TestRandom.UInt64(random));
            string padded = string.Create(CultureInfo.InvariantCulture, $"{(uint)(lsn.Value >> 32):X}/{(uint)lsn.Value:X8}");

            Assert.Equal(lsn, Lsn.Parse(lsn.ToString()));
            Assert.Equal(lsn, Lsn.Parse(padded));
        }
    }

    [Fact]
    public void Invalid_is_zero()
    {
        Assert.False(Lsn.Invalid.IsValid);
        Assert.True(new Lsn(1).IsValid);
        Assert.Equal(0ul, Lsn.Invalid.Value);
    }

    [Fact]
    public void Arithmetic_and_ordering_follow_the_byte_offset()
    {
        Lsn low = Lsn.Parse("0/FFFFFFFF");
        Lsn high = Lsn.Parse("1/0");

        Assert.Equal(high, low + 1);
        Assert.Equal(1ul, high - low);
        Assert.True(low < high && high > low && low <= high && high >= low);
        Assert.True(low <= new Lsn(low.Value) && high >= new Lsn(high.Value));
        Assert.Equal((high, low), (Lsn.Max(low, high), Lsn.Min(low, high)));
        Assert.True(low.CompareTo(high) < 0);
    }

    [Fact]
    public void Adding_past_the_end_of_the_address_space_throws()
    {
        Assert.Throws<OverflowException>(() => new Lsn(ulong.MaxValue) + 1);
    }
}
