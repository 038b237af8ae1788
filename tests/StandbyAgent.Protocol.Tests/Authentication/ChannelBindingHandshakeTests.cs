using System.Text;
using StandbyAgent.Protocol.Authentication;
using StandbyAgent.Protocol.Framing;
using StandbyAgent.Protocol.Startup;
using StandbyAgent.Protocol.Tests.Support;
using StandbyAgent.Testing.Wire;

namespace StandbyAgent.Protocol.Tests.Authentication;

/// <summary>
/// channel_binding in the handshake, after libpq's pg_SASL_init, check_expected_areq and
/// fe-auth-scram.c: which mechanism and GS2 header are chosen, with and without TLS, and each way a
/// server could avoid binding, refused before anything is sent.
/// </summary>
public sealed class ChannelBindingHandshakeTests
{
    private const string Secret = "s3cret";
    private static readonly byte[] s_certificateHash = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];
    private static readonly TlsChannelBinding s_tls = TlsChannelBinding.WithServerEndPoint(s_certificateHash);

    public static TheoryData<ChannelBindingMode, bool, string[], string, string> Choices => new()
    {
        // channel_binding, TLS, offered, mechanism chosen, GS2 header
        { ChannelBindingMode.Prefer, true, ["SCRAM-SHA-256-PLUS", "SCRAM-SHA-256"], "SCRAM-SHA-256-PLUS", "p=tls-server-end-point,," },
        { ChannelBindingMode.Prefer, true, ["SCRAM-SHA-256", "SCRAM-SHA-256-PLUS"], "SCRAM-SHA-256-PLUS", "p=tls-server-end-point,," },
        { ChannelBindingMode.Require, true, ["SCRAM-SHA-256-PLUS"], "SCRAM-SHA-256-PLUS", "p=tls-server-end-point,," },
        { ChannelBindingMode.Prefer, true, ["SCRAM-SHA-256"], "SCRAM-SHA-256", "y,," },
        { ChannelBindingMode.Disable, true, ["SCRAM-SHA-256-PLUS", "SCRAM-SHA-256"], "SCRAM-SHA-256", "n,," },
        { ChannelBindingMode.Disable, true, ["SCRAM-SHA-256"], "SCRAM-SHA-256", "n,," },
        { ChannelBindingMode.Prefer, false, ["SCRAM-SHA-256"], "SCRAM-SHA-256", "n,," },
    };

    [Theory]
    [MemberData(nameof(Choices))]
    public void The_mechanism_and_gs2_header_follow_channel_binding_and_tls(ChannelBindingMode mode, bool tls, string[] offered, string mechanism, string header)
    {
        using var password = new Password(Secret);
        var output = new DirtyBufferWriter();

        Handshake(password, mode, tls).Process(SaslRequest(offered), output);

        (string sentMechanism, byte[] data) = ReadSaslInitialResponse(output.WrittenBytes);
        Assert.Equal(mechanism, sentMechanism);
        Assert.StartsWith(header + "n=,r=", Encoding.ASCII.GetString(data), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ChannelBindingMode.Prefer, "p=tls-server-end-point,,", "SCRAM-SHA-256-PLUS", "scram-sha-256-plus")]
    [InlineData(ChannelBindingMode.Require, "p=tls-server-end-point,,", "SCRAM-SHA-256-PLUS", "scram-sha-256-plus")]
    [InlineData(ChannelBindingMode.Disable, "n,,", "SCRAM-SHA-256", "scram-sha-256")]
    public void A_whole_exchange_sends_the_certificate_hash_in_c_and_completes(ChannelBindingMode mode, string header, string offered, string method)
    {
        using var password = new Password(Secret);
        StartupHandshake handshake = Handshake(password, mode, tls: true);
        byte[] bindingInput = header.StartsWith('p') ? [.. Encoding.ASCII.GetBytes(header), .. s_certificateHash] : Encoding.ASCII.GetBytes(header);
        var server = new ScramServerSimulation(Secret, bindingInput);

        var initial = new DirtyBufferWriter();
        handshake.Process(SaslRequest([offered, "SCRAM-SHA-256"]), initial);
        var final = new DirtyBufferWriter();
        handshake.Process(Request(AuthenticationRequestType.SaslContinue, server.ServerFirst(ReadSaslInitialResponse(initial.WrittenBytes).Data)), final);
        handshake.Process(Request(AuthenticationRequestType.SaslFinal, server.ServerFinal(final.WrittenBytes[5..])), new DirtyBufferWriter());
        handshake.Process(Request(AuthenticationRequestType.Ok, []), new DirtyBufferWriter());

        Assert.True(handshake.IsAuthenticated);
        Assert.Equal(method, handshake.AuthenticationMethod);
    }

    public static TheoryData<bool, string[], string> Refusals => new()
    {
        { false, ["SCRAM-SHA-256-PLUS", "SCRAM-SHA-256"], "channel binding required, but SSL not in use" },
        { true, ["SCRAM-SHA-256"], "channel binding is required, but server did not offer an authentication method that supports channel binding" },
        { true, ["OAUTHBEARER"], "none of the server's SASL authentication mechanisms are supported" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void Channel_binding_required_refuses_sasl_without_plus_before_sending_anything(bool tls, string[] offered, string error)
    {
        using var password = new Password(Secret);
        var output = new DirtyBufferWriter();

        var exception = Assert.Throws<PostgresAuthenticationException>(() => Handshake(password, ChannelBindingMode.Require, tls).Process(SaslRequest(offered), output));

        Assert.Equal(error, exception.Message);
        Assert.Equal(0, output.WrittenCount);
    }

    [Theory]
    [InlineData(ChannelBindingMode.Prefer)]
    [InlineData(ChannelBindingMode.Disable)]
    public void Plus_offered_without_tls_means_tls_was_stripped_on_the_way(ChannelBindingMode mode)
    {
        using var password = new Password(Secret);

        var exception = Assert.Throws<PostgresAuthenticationException>(
            () => Handshake(password, mode, tls: false).Process(SaslRequest(["SCRAM-SHA-256-PLUS", "SCRAM-SHA-256"]), new DirtyBufferWriter()));

        Assert.Equal("server offered SCRAM-SHA-256-PLUS authentication over a non-SSL connection", exception.Message);
    }

    [Theory]
    [InlineData(AuthenticationRequestType.CleartextPassword)]
    [InlineData(AuthenticationRequestType.Md5Password)]
    [InlineData(AuthenticationRequestType.Gss)]
    public void Channel_binding_required_never_answers_a_password_request(AuthenticationRequestType type)
    {
        using var password = new Password(Secret);
        var output = new DirtyBufferWriter();
        byte[] data = type == AuthenticationRequestType.Md5Password ? [1, 2, 3, 4] : [];

        var exception = Assert.Throws<PostgresAuthenticationException>(() => Handshake(password, ChannelBindingMode.Require, tls: true).Process(Request(type, data), output));

        Assert.Equal("channel binding required but not supported by server's authentication request", exception.Message);
        Assert.Equal(0, output.WrittenCount);
    }

    [Fact]
    public void Channel_binding_required_refuses_authentication_ok_without_an_exchange()
    {
        using var password = new Password(Secret);
        StartupHandshake handshake = Handshake(password, ChannelBindingMode.Require, tls: true);

        var exception = Assert.Throws<PostgresAuthenticationException>(() => handshake.Process(Request(AuthenticationRequestType.Ok, []), new DirtyBufferWriter()));

        Assert.Equal("channel binding required, but server authenticated client without channel binding", exception.Message);
        Assert.False(handshake.IsAuthenticated);
    }

    [Fact]
    public void Channel_binding_required_refuses_authentication_ok_in_the_middle_of_a_plus_exchange()
    {
        using var password = new Password(Secret);
        StartupHandshake handshake = Handshake(password, ChannelBindingMode.Require, tls: true);
        handshake.Process(SaslRequest(["SCRAM-SHA-256-PLUS"]), new DirtyBufferWriter());

        var exception = Assert.Throws<PostgresAuthenticationException>(() => handshake.Process(Request(AuthenticationRequestType.Ok, []), new DirtyBufferWriter()));

        Assert.Equal("channel binding required, but server authenticated client without channel binding", exception.Message);
    }

    [Fact]
    public void A_certificate_that_cannot_be_bound_fails_only_when_plus_is_chosen()
    {
        using var password = new Password(Secret);
        var unbindable = TlsChannelBinding.WithoutServerEndPoint("could not determine server certificate signature algorithm");
        var options = new AuthenticationOptions { Tls = unbindable };

        var plus = Assert.Throws<PostgresAuthenticationException>(
            () => new StartupHandshake([], "rep", password, authentication: options).Process(SaslRequest(["SCRAM-SHA-256-PLUS", "SCRAM-SHA-256"]), new DirtyBufferWriter()));
        var output = new DirtyBufferWriter();
        new StartupHandshake([], "rep", password, authentication: options).Process(SaslRequest(["SCRAM-SHA-256"]), output);

        Assert.Equal("could not determine server certificate signature algorithm", plus.Message);
        Assert.Equal("SCRAM-SHA-256", ReadSaslInitialResponse(output.WrittenBytes).Mechanism);
    }

    private static StartupHandshake Handshake(Password password, ChannelBindingMode mode, bool tls) =>
        new([], "rep", password, authentication: new AuthenticationOptions { ChannelBinding = mode, Tls = tls ? s_tls : null });

    private static BackendFrame SaslRequest(string[] mechanisms) => Request(AuthenticationRequestType.Sasl, BackendMessages.SaslMechanisms(mechanisms));

    private static BackendFrame Request(AuthenticationRequestType type, byte[] data) =>
        BackendMessages.ToBackendFrame(BackendMessageCode.AuthenticationRequest, BackendMessages.Authentication(type, data));

    /// <summary>'p', length, mechanism C string, Int32 length, data.</summary>
    private static (string Mechanism, byte[] Data) ReadSaslInitialResponse(byte[] message)
    {
        Assert.Equal((byte)'p', message[0]);
        int end = Array.IndexOf(message, (byte)0, 5);
        return (Encoding.ASCII.GetString(message, 5, end - 5), message[(end + 5)..]);
    }
}
