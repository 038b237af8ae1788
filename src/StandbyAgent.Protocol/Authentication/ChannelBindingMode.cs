namespace StandbyAgent.Protocol.Authentication;

/// <summary>
/// libpq's channel_binding: whether SCRAM must, may or must not tie itself to the TLS channel, so
/// that a man in the middle who terminates TLS cannot relay the exchange.
/// </summary>
public enum ChannelBindingMode
{
    /// <summary>Never bind, even when the server offers SCRAM-SHA-256-PLUS.</summary>
    Disable,

    /// <summary>Bind when TLS is in use and the server offers SCRAM-SHA-256-PLUS: libpq's default.</summary>
    Prefer,

    /// <summary>Refuse any authentication that is not SCRAM-SHA-256-PLUS over TLS.</summary>
    Require,
}
