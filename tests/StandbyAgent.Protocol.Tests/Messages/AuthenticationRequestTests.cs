using System.Text;
using StandbyAgent.Protocol.Messages;
using StandbyAgent.Protocol.Tests.Support;
using StandbyAgent.Testing.Wire;

namespace StandbyAgent.Protocol.Tests.Messages;

public sealed class AuthenticationRequestTests
{
    [Theory]
    [InlineData(AuthenticationRequestType.Ok)]
    [InlineData(AuthenticationRequestType.CleartextPassword)]
    public void Request_without_data_is_read(AuthenticationRequestType type)
    {
        AuthenticationRequest request = Parse(BackendMessages.Authentication(type));

        Assert.Equal(type, request.Type);
        Assert.True(request.Data.IsEmpty);
    }

    [Theory]
    [InlineData(AuthenticationRequestType.Ok, 1)]
    [InlineData(AuthenticationRequestType.Ok, 4)]
    [InlineData(AuthenticationRequestType.CleartextPassword, 1)]
    public void Ok_or_cleartext_request_carrying_data_is_a_protocol_violation(AuthenticationRequestType type, int dataLength)
    {
        Assert.Throws<ProtocolViolationException>(() => Parse(BackendMessages.Authentication(type, new byte[dataLength])));
    }

    [Fact]
    public void Md5_request_carries_its_four_byte_salt()
    {
        AuthenticationRequest request = Parse(Hex.Bytes("00000005 DEADBEEF"));

        Assert.Equal(AuthenticationRequestType.Md5Password, request.Type);
        Assert.Equal(Hex.Bytes("DEADBEEF"), request.Data.ToArray());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(8)]
    public void Md5_salt_of_any_other_length_is_a_protocol_violation(int saltLength)
    {
        Assert.Throws<ProtocolViolationException>(() => Parse(BackendMessages.Authentication(AuthenticationRequestType.Md5Password, new byte[saltLength])));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(99)]
    [InlineData(-1)]
    public void Other_request_types_pass_through_with_their_data_for_the_handshake_to_judge(int type)
    {
        AuthenticationRequest request = Parse(BackendMessages.Authentication(type, "r=abc"u8));

        Assert.Equal((AuthenticationRequestType)type, request.Type);
        Assert.Equal("r=abc"u8.ToArray(), request.Data.ToArray());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    public void Payload_shorter_than_the_request_type_is_a_protocol_violation(int length)
    {
        Assert.Throws<ProtocolViolationException>(() => Parse(new byte[length]));
    }

    [Theory]
    [InlineData("SCRAM-SHA-256")]
    [InlineData("SCRAM-SHA-256-PLUS", "SCRAM-SHA-256")]
    [InlineData("OAUTHBEARER", "SCRAM-SHA-256-PLUS", "SCRAM-SHA-256")]
    public void Sasl_mechanism_list_is_read_in_order(params string[] mechanisms)
    {
        AuthenticationRequest request = Parse(BackendMessages.Authentication(AuthenticationRequestType.Sasl, BackendMessages.SaslMechanisms(mechanisms)));

        Assert.Equal(mechanisms, request.ReadSaslMechanisms());
    }

    [Theory]
    [InlineData("")]
    [InlineData("\0")]
    [InlineData("SCRAM-SHA-256")]
    [InlineData("SCRAM-SHA-256\0")]
    [InlineData("SCRAM-SHA-256\0\0x")]
    [InlineData("SCRAM-SHA-256\0\0\0")]
    public void Empty_unterminated_or_padded_sasl_mechanism_list_is_a_protocol_violation(string data)
    {
        AuthenticationRequest request = Parse(BackendMessages.Authentication(AuthenticationRequestType.Sasl, Encoding.UTF8.GetBytes(data)));

        Assert.Throws<ProtocolViolationException>(() => request.ReadSaslMechanisms());
    }

    private static AuthenticationRequest Parse(byte[] payload) => AuthenticationRequest.Parse(Segments.Single(payload));
}
