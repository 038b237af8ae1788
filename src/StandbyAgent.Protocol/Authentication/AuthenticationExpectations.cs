namespace StandbyAgent.Protocol.Authentication;

/// <summary>
/// libpq's check_expected_areq: before answering an authentication request, or accepting
/// AuthenticationOk, the client checks that require_auth and channel_binding allow it. Without this
/// a server (or a man in the middle) could ask for the password in clear text, or skip
/// authentication, and the client would comply.
/// </summary>
internal static class AuthenticationExpectations
{
    /// <param name="request">What the server asks for.</param>
    /// <param name="options">The client's demands.</param>
    /// <param name="clientFinished">The client has answered a password request or verified the SCRAM server signature.</param>
    /// <param name="channelBound">The SCRAM exchange was bound to the TLS channel and completed.</param>
    /// <exception cref="PostgresAuthenticationException">The request is not allowed.</exception>
    public static void Check(AuthenticationRequestType request, AuthenticationOptions options, bool clientFinished, bool channelBound)
    {
        CheckRequirement(request, options.RequireAuth, clientFinished);
        if (options.ChannelBinding == ChannelBindingMode.Require)
        {
            CheckChannelBinding(request, channelBound);
        }
    }

    private static void CheckRequirement(AuthenticationRequestType request, AuthenticationPolicy policy, bool clientFinished)
    {
        if (policy.Requirement is null)
        {
            return;
        }

        string? refusal = request switch
        {
            AuthenticationRequestType.Ok => policy.AuthenticationRequired && !clientFinished ? "server did not complete authentication" : null,
            _ => policy.Allows(request) ? null : Describe(request),
        };
        if (refusal is not null)
        {
            throw new PostgresAuthenticationException($"authentication method requirement \"{policy}\" failed: {refusal}");
        }
    }

    /// <summary>
    /// With channel_binding=require the client must not answer anything but SASL, which could leak
    /// the password, and must not accept AuthenticationOk before a bound exchange authenticated the server.
    /// </summary>
    private static void CheckChannelBinding(AuthenticationRequestType request, bool channelBound)
    {
        switch (request)
        {
            case AuthenticationRequestType.Sasl or AuthenticationRequestType.SaslContinue or AuthenticationRequestType.SaslFinal:
                return;
            case AuthenticationRequestType.Ok when channelBound:
                return;
            case AuthenticationRequestType.Ok:
                throw new PostgresAuthenticationException("channel binding required, but server authenticated client without channel binding");
            default:
                throw new PostgresAuthenticationException("channel binding required but not supported by server's authentication request");
        }
    }

    private static string Describe(AuthenticationRequestType request) => request switch
    {
        AuthenticationRequestType.CleartextPassword => "server requested a cleartext password",
        AuthenticationRequestType.Md5Password => "server requested a hashed password",
        AuthenticationRequestType.Gss or AuthenticationRequestType.GssContinue => "server requested GSSAPI authentication",
        AuthenticationRequestType.Sspi => "server requested SSPI authentication",
        AuthenticationRequestType.Sasl or AuthenticationRequestType.SaslContinue or AuthenticationRequestType.SaslFinal => "server requested SASL authentication",
        _ => "server requested an unknown authentication type",
    };
}
