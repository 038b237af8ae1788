using StandbyAgent.Replication.Configuration;
using Xunit;

namespace StandbyAgent.Replication.Tests.Configuration;

public sealed class PostgresBooleanTests
{
    [Theory]
    [InlineData("true")]
    [InlineData("TRUE")]
    [InlineData("t")]
    [InlineData("Tru")]
    [InlineData("yes")]
    [InlineData("y")]
    [InlineData("YE")]
    [InlineData("on")]
    [InlineData("ON")]
    [InlineData("1")]
    public void True_words_and_their_prefixes_are_true(string value)
    {
        Assert.True(PostgresBoolean.TryParse(value, out bool result));
        Assert.True(result);
    }

    [Theory]
    [InlineData("false")]
    [InlineData("f")]
    [InlineData("FaL")]
    [InlineData("no")]
    [InlineData("n")]
    [InlineData("off")]
    [InlineData("of")]
    [InlineData("OFF")]
    [InlineData("0")]
    public void False_words_and_their_prefixes_are_false(string value)
    {
        Assert.True(PostgresBoolean.TryParse(value, out bool result));
        Assert.False(result);
    }

    [Theory]
    [InlineData("")]
    [InlineData("o")]
    [InlineData("maybe")]
    [InlineData("truex")]
    [InlineData("yess")]
    [InlineData("onn")]
    [InlineData("10")]
    [InlineData("2")]
    [InlineData(" true")]
    [InlineData("true ")]
    public void Anything_else_is_not_a_boolean(string value)
    {
        Assert.False(PostgresBoolean.TryParse(value, out _));
    }
}
