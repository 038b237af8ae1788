namespace StandbyAgent.Protocol.Authentication;

/// <summary>
/// libpq's pg_SASL_init: picks SCRAM-SHA-256-PLUS over TLS unless channel_binding=disable, else
/// SCRAM-SHA-256, with libpq's checks and messages.
/// </summary>
internal static class ScramMechanismChoice
{
    /// <param name="offered">The server's mechanisms, in its order.</param>
    /// <param name="options">channel_binding and the TLS channel, if any.</param>
    /// <returns>The GS2 channel-binding header to use, which names the mechanism.</returns>
    /// <exception cref="PostgresAuthenticationException">No acceptable mechanism, or channel binding cannot be honoured.</exception>
    public static ScramChannelBinding Choose(IReadOnlyList<string> offered, AuthenticationOptions options)
    {
        TlsChannelBinding? tls = options.Tls;
        if (options.ChannelBinding == ChannelBindingMode.Require && tls is null)
        {
            throw new PostgresAuthenticationException("channel binding required, but SSL not in use");
        }

        bool plus = false;
        bool plain = false;
        foreach (string mechanism in offered)
        {
            if (mechanism == ScramSha256Client.PlusMechanism)
            {
                // A server offers PLUS only over TLS: TLS was stripped on the way, and the server
                // would reject an unbound exchange anyway.
                plus = tls is not null
                    ? options.ChannelBinding != ChannelBindingMode.Disable
                    : throw new PostgresAuthenticationException("server offered SCRAM-SHA-256-PLUS authentication over a non-SSL connection");
            }
            else if (mechanism == ScramSha256Client.Mechanism)
            {
                plain = true;
            }
        }

        if (!plus && !plain)
        {
            throw new PostgresAuthenticationException("none of the server's SASL authentication mechanisms are supported");
        }

        if (plus)
        {
            return ScramChannelBinding.TlsServerEndPoint(tls!.ServerEndPoint);
        }

        if (options.ChannelBinding == ChannelBindingMode.Require)
        {
            throw new PostgresAuthenticationException(
                "channel binding is required, but server did not offer an authentication method that supports channel binding");
        }

        return tls is not null && options.ChannelBinding != ChannelBindingMode.Disable
            ? ScramChannelBinding.NotOfferedByServer
            : ScramChannelBinding.None;
    }
}
