using StandbyAgent.Protocol.Frontend;
using StandbyAgent.Protocol.Tests.Support;

namespace StandbyAgent.Protocol.Tests.Frontend;

public sealed class QueryMessageTests
{
    [Theory]
    [InlineData("IDENTIFY_SYSTEM", "51 00000014 4944454E544946595F53595354454D 00")]
    [InlineData("", "51 00000005 00")]
    [InlineData("é", "51 00000007 C3A9 00")]
    public void Query_is_code_length_and_text_ending_in_a_nul(string sql, string expected)
    {
        var output = new DirtyBufferWriter();

        QueryMessage.Write(output, sql);

        Assert.Equal(Hex.Bytes(expected), output.WrittenBytes);
    }

    [Fact]
    public void Nul_in_the_query_is_refused_before_anything_is_written()
    {
        var output = new DirtyBufferWriter();

        Assert.Throws<ArgumentException>(() => QueryMessage.Write(output, "SHOW x\0; DROP"));

        Assert.Equal(0, output.WrittenCount);
    }
}
