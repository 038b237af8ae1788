using StandbyAgent.Protocol.Authentication;

namespace StandbyAgent.Protocol.Tests.Authentication;

/// <summary>require_auth parsed with libpq's rules and messages (PostgreSQL 16's connectOptions2).</summary>
public sealed class AuthenticationPolicyTests
{
    [Theory]
    [InlineData("password", AuthenticationRequestType.CleartextPassword, true)]
    [InlineData("password", AuthenticationRequestType.Md5Password, false)]
    [InlineData("md5,scram-sha-256", AuthenticationRequestType.Md5Password, true)]
    [InlineData("md5,scram-sha-256", AuthenticationRequestType.SaslContinue, true)]
    [InlineData("md5,scram-sha-256", AuthenticationRequestType.CleartextPassword, false)]
    [InlineData("gss", AuthenticationRequestType.GssContinue, true)]
    [InlineData("sspi", AuthenticationRequestType.GssContinue, true)]
    [InlineData("!password", AuthenticationRequestType.CleartextPassword, false)]
    [InlineData("!password", AuthenticationRequestType.Sasl, true)]
    [InlineData("!password,!md5", AuthenticationRequestType.Md5Password, false)]
    [InlineData("!scram-sha-256", AuthenticationRequestType.SaslFinal, false)]
    [InlineData("!password", AuthenticationRequestType.KerberosV5, false)]
    public void A_list_allows_exactly_the_requests_of_its_methods(string requirement, AuthenticationRequestType request, bool allowed)
    {
        Assert.True(AuthenticationPolicy.TryParse(requirement, out AuthenticationPolicy? policy, out _));

        Assert.Equal(allowed, policy.Allows(request));
    }

    [Theory]
    [InlineData("password", true)]
    [InlineData("password,none", false)]
    [InlineData("none", false)]
    [InlineData("!password", false)]
    [InlineData("!password,!none", true)]
    public void Only_a_positive_list_without_none_or_a_negative_list_with_none_requires_authentication(string requirement, bool required)
    {
        Assert.True(AuthenticationPolicy.TryParse(requirement, out AuthenticationPolicy? policy, out _));

        Assert.Equal(required, policy.AuthenticationRequired);
        Assert.Equal(requirement, policy.Requirement);
    }

    [Theory]
    [InlineData("scram", "invalid require_auth value: \"scram\"")]
    [InlineData("md5,", "invalid require_auth value: \"\"")]
    [InlineData("SCRAM-SHA-256", "invalid require_auth value: \"SCRAM-SHA-256\"")]
    [InlineData("password,!md5", "negative require_auth method \"!md5\" cannot be mixed with non-negative methods")]
    [InlineData("!password,md5", "require_auth method \"md5\" cannot be mixed with negative methods")]
    [InlineData("md5,md5", "require_auth method \"md5\" is specified more than once")]
    [InlineData("!none,!none", "require_auth method \"!none\" is specified more than once")]
    [InlineData("none,none", "require_auth method \"none\" is specified more than once")]
    public void A_malformed_requirement_is_refused_with_libpqs_message(string requirement, string error)
    {
        Assert.False(AuthenticationPolicy.TryParse(requirement, out _, out string? message));

        Assert.Equal(error, message);
    }

    [Fact]
    public void Without_require_auth_nothing_is_required()
    {
        Assert.False(AuthenticationPolicy.Unrestricted.AuthenticationRequired);
        Assert.Null(AuthenticationPolicy.Unrestricted.Requirement);
    }
}
