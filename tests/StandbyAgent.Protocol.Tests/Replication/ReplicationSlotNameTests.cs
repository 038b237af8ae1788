using StandbyAgent.Protocol.Replication;

namespace StandbyAgent.Protocol.Tests.Replication;

public sealed class ReplicationSlotNameTests
{
    /// <summary>Names the server's ReplicationSlotValidateName refuses, or that could break out of a command.</summary>
    public static TheoryData<string> InvalidNames => new()
    {
        "",
        "Standby",
        "STANDBY",
        "stand by",
        "standby\"; DROP",
        "s\"x",
        "s'x",
        "s-x",
        "s.x",
        "s\0x",
        "s\nx",
        "sé",
        new string('a', ReplicationSlotName.MaxLength + 1),
    };

    [Theory]
    [InlineData("a")]
    [InlineData("_")]
    [InlineData("0")]
    [InlineData("1standby")]
    [InlineData("standby_1")]
    [InlineData("abcdefghijklmnopqrstuvwxyz_0123456789_abcdefghijklmnopqrstuvwxy")]
    public void Lower_case_letters_digits_and_underscores_up_to_63_characters_are_valid(string name)
    {
        Assert.True(ReplicationSlotName.IsValid(name));
        Assert.Same(name, ReplicationSlotName.Validate(name));
    }

    [Theory]
    [MemberData(nameof(InvalidNames))]
    public void Other_names_are_invalid_and_refused_with_an_argument_exception(string name)
    {
        Assert.False(ReplicationSlotName.IsValid(name));
        Assert.Throws<ArgumentException>(() => ReplicationSlotName.Validate(name));
    }

    [Fact]
    public void Longest_valid_name_is_63_characters()
    {
        Assert.Equal(63, ReplicationSlotName.MaxLength);
        Assert.True(ReplicationSlotName.IsValid(new string('z', 63)));
    }
}
