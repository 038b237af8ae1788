using StandbyAgent.Protocol.Authentication;
using StandbyAgent.Protocol.Framing;
using StandbyAgent.Protocol.Startup;
using StandbyAgent.Protocol.Tests.Support;
using StandbyAgent.Testing.Wire;

namespace StandbyAgent.Protocol.Tests.Authentication;

/// <summary>
/// require_auth in the handshake (libpq's check_expected_areq): a request the list forbids is
/// refused before anything is sent, and AuthenticationOk before the client finished authenticating
/// is refused unless "none" is allowed.
/// </summary>
public sealed class RequireAuthHandshakeTests
{
    public static TheoryData<string, AuthenticationRequestType, string> Refusals => new()
    {
        { "scram-sha-256", AuthenticationRequestType.CleartextPassword, "server requested a cleartext password" },
        { "scram-sha-256", AuthenticationRequestType.Md5Password, "server requested a hashed password" },
        { "scram-sha-256", AuthenticationRequestType.Gss, "server requested GSSAPI authentication" },
        { "scram-sha-256", AuthenticationRequestType.Sspi, "server requested SSPI authentication" },
        { "md5", AuthenticationRequestType.Sasl, "server requested SASL authentication" },
        { "!password", AuthenticationRequestType.CleartextPassword, "server requested a cleartext password" },
        { "password", AuthenticationRequestType.KerberosV5, "server requested an unknown authentication type" },
        { "scram-sha-256", AuthenticationRequestType.Ok, "server did not complete authentication" },
        { "!none", AuthenticationRequestType.Ok, "server did not complete authentication" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void A_forbidden_request_is_refused_with_libpqs_message_and_nothing_is_sent(string requirement, AuthenticationRequestType type, string reason)
    {
        using var password = new Password("s3cret");
        var output = new DirtyBufferWriter();

        var exception = Assert.Throws<PostgresAuthenticationException>(() => Handshake(requirement, password).Process(Request(type), output));

        Assert.Equal($"authentication method requirement \"{requirement}\" failed: {reason}", exception.Message);
        Assert.Equal(0, output.WrittenCount);
    }

    [Theory]
    [InlineData("password", AuthenticationRequestType.CleartextPassword)]
    [InlineData("md5", AuthenticationRequestType.Md5Password)]
    [InlineData("!md5", AuthenticationRequestType.CleartextPassword)]
    public void An_allowed_password_request_is_answered_and_then_authentication_ok_accepted(string requirement, AuthenticationRequestType type)
    {
        using var password = new Password("s3cret");
        StartupHandshake handshake = Handshake(requirement, password);
        var output = new DirtyBufferWriter();

        handshake.Process(Request(type), output);
        handshake.Process(Request(AuthenticationRequestType.Ok), new DirtyBufferWriter());

        Assert.True(output.WrittenCount > 0);
        Assert.True(handshake.IsAuthenticated);
    }

    [Theory]
    [InlineData("none")]
    [InlineData("scram-sha-256,none")]
    [InlineData("!password")]
    public void Authentication_ok_without_a_request_is_accepted_when_none_is_allowed(string requirement)
    {
        StartupHandshake handshake = Handshake(requirement, password: null);

        handshake.Process(Request(AuthenticationRequestType.Ok), new DirtyBufferWriter());

        Assert.True(handshake.IsAuthenticated);
    }

    [Fact]
    public void Authentication_ok_after_an_unanswered_password_request_is_still_refused()
    {
        StartupHandshake handshake = Handshake("password", password: null);

        Assert.Throws<PostgresAuthenticationException>(() => handshake.Process(Request(AuthenticationRequestType.CleartextPassword), new DirtyBufferWriter()));
        var exception = Assert.Throws<PostgresAuthenticationException>(() => handshake.Process(Request(AuthenticationRequestType.Ok), new DirtyBufferWriter()));

        Assert.EndsWith("server did not complete authentication", exception.Message, StringComparison.Ordinal);
    }

    private static StartupHandshake Handshake(string requirement, Password? password)
    {
        Assert.True(AuthenticationPolicy.TryParse(requirement, out AuthenticationPolicy? policy, out _));
        return new StartupHandshake([], "rep", password, authentication: new AuthenticationOptions { RequireAuth = policy });
    }

    private static BackendFrame Request(AuthenticationRequestType type) =>
        BackendMessages.ToBackendFrame(
            BackendMessageCode.AuthenticationRequest,
            BackendMessages.Authentication(type, type == AuthenticationRequestType.Md5Password ? [1, 2, 3, 4] : []));
}
