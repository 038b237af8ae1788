using StandbyAgent.Protocol.Frontend;
using StandbyAgent.Protocol.Tests.Support;

namespace StandbyAgent.Protocol.Tests.Frontend;

public sealed class FrontendWriterTests
{
    [Theory]
    [InlineData(0L, "51 00000004")]
    [InlineData(int.MaxValue - 4L, "51 7FFFFFFF")]
    public void Header_length_counts_itself(long bodyLength, string expected)
    {
        var output = new DirtyBufferWriter();

        FrontendWriter.WriteHeader(output, FrontendMessageCode.Query, bodyLength);

        Assert.Equal(Hex.Bytes(expected), output.WrittenBytes);
    }

    [Theory]
    [InlineData(int.MaxValue - 3L)]
    [InlineData(int.MaxValue)]
    [InlineData(uint.MaxValue + 1L)]
    public void Body_too_large_for_the_length_word_is_refused_before_anything_is_written(long bodyLength)
    {
        var output = new DirtyBufferWriter();

        Assert.Throws<ArgumentException>(() => FrontendWriter.WriteHeader(output, FrontendMessageCode.Query, bodyLength));

        Assert.Equal(0, output.WrittenCount);
    }

    [Theory]
    [InlineData("", 1)]
    [InlineData("abc", 4)]
    [InlineData("é€", 6)]
    public void C_string_length_is_utf8_bytes_plus_the_nul(string value, int expected)
    {
        Assert.Equal(expected, FrontendWriter.CStringLength(value, "test"));
    }

    [Fact]
    public void C_string_with_a_nul_is_refused_naming_what_it_was()
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() => FrontendWriter.CStringLength("a\0b", "a widget"));

        Assert.Contains("a widget", error.Message, StringComparison.Ordinal);
    }
}
