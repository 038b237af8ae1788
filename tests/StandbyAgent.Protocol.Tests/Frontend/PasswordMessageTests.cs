using StandbyAgent.Protocol.Frontend;
using StandbyAgent.Protocol.Tests.Support;

namespace StandbyAgent.Protocol.Tests.Frontend;

public sealed class PasswordMessageTests
{
    [Fact]
    public void Password_is_code_length_and_text_ending_in_a_nul()
    {
        var output = new DirtyBufferWriter();

        PasswordMessage.WritePassword(output, "secret"u8);

        Assert.Equal(Hex.Bytes("70 0000000B 736563726574 00"), output.WrittenBytes);
    }

    [Fact]
    public void Nul_in_the_password_is_refused_before_anything_is_written()
    {
        var output = new DirtyBufferWriter();

        Assert.Throws<ArgumentException>(() => PasswordMessage.WritePassword(output, "sec\0ret"u8));

        Assert.Equal(0, output.WrittenCount);
    }

    [Theory]
    [InlineData("n,,n=,r=abc", "70 00000021 534352414D2D5348412D32353600 0000000B 6E2C2C6E3D2C723D616263")]
    [InlineData("", "70 00000016 534352414D2D5348412D32353600 00000000")]
    public void Sasl_initial_response_is_mechanism_data_length_and_data(string data, string expected)
    {
        var output = new DirtyBufferWriter();

        PasswordMessage.WriteSaslInitialResponse(output, "SCRAM-SHA-256", System.Text.Encoding.UTF8.GetBytes(data));

        Assert.Equal(Hex.Bytes(expected), output.WrittenBytes);
    }

    [Fact]
    public void Sasl_mechanism_with_a_nul_is_refused_before_anything_is_written()
    {
        var output = new DirtyBufferWriter();

        Assert.Throws<ArgumentException>(() => PasswordMessage.WriteSaslInitialResponse(output, "SCRAM\0", "x"u8));

        Assert.Equal(0, output.WrittenCount);
    }

    [Fact]
    public void Sasl_response_is_the_data_alone()
    {
        var output = new DirtyBufferWriter();

        PasswordMessage.WriteSaslResponse(output, "c=biws,r=abc,p=xyz"u8);

        Assert.Equal(Hex.Bytes("70 00000016 633D626977732C723D6162632C703D78797A"), output.WrittenBytes);
    }
}
