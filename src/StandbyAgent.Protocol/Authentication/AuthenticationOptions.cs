namespace StandbyAgent.Protocol.Authentication;

/// <summary>What the client demands of the server's authentication, and the TLS channel it runs over.</summary>
public sealed record AuthenticationOptions
{
    /// <summary>libpq's defaults without TLS: any method, channel_binding=prefer.</summary>
    public static AuthenticationOptions Default { get; } = new();

    /// <summary>require_auth.</summary>
    public AuthenticationPolicy RequireAuth { get; init; } = AuthenticationPolicy.Unrestricted;

    /// <summary>channel_binding.</summary>
    public ChannelBindingMode ChannelBinding { get; init; } = ChannelBindingMode.Prefer;

    /// <summary>The TLS channel; null when the connection is not encrypted.</summary>
    public TlsChannelBinding? Tls { get; init; }
}
