using System.Collections.Frozen;
using StandbyAgent.Protocol.Authentication;

namespace StandbyAgent.Replication.Configuration;

/// <summary>
/// The values libpq itself accepts, checked before connecting (libpq checks some only when it
/// connects), and their conversion to typed settings.
/// </summary>
internal static class ConnInfoValueRules
{
    private static readonly FrozenDictionary<string, SslMode> s_sslModes = new Dictionary<string, SslMode>
    {
        ["disable"] = SslMode.Disable,
        ["allow"] = SslMode.Allow,
        ["prefer"] = SslMode.Prefer,
        ["require"] = SslMode.Require,
        ["verify-ca"] = SslMode.VerifyCa,
        ["verify-full"] = SslMode.VerifyFull,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Keywords whose value must be one of a fixed set, compared case-sensitively as libpq does.</summary>
    private static readonly (string Keyword, IReadOnlyCollection<string> Values)[] s_choices =
    [
        ("sslmode", s_sslModes.Keys),
        ("sslnegotiation", ["postgres", "direct"]),
        ("sslcertmode", ["disable", "allow", "require"]),
        ("channel_binding", ["disable", "prefer", "require"]),
        ("gssencmode", ["disable", "prefer", "require"]),
        ("target_session_attrs", ["any", "read-write", "read-only", "primary", "standby", "prefer-standby"]),
        ("load_balance_hosts", ["disable", "random"]),
    ];

    private static readonly string[] s_integerKeywords =
        ["connect_timeout", "keepalives", "keepalives_idle", "keepalives_interval", "keepalives_count", "tcp_user_timeout"];

    private static readonly string[] s_applicationNameKeywords = ["application_name", "fallback_application_name"];

    /// <param name="valueOf">The value in effect for a keyword, or null when none is.</param>
    public static void Validate(Func<string, string?> valueOf)
    {
        foreach ((string keyword, IReadOnlyCollection<string> values) in s_choices)
        {
            if (valueOf(keyword) is { } value && !values.Contains(value))
            {
                throw new ConnectionSettingsException($"invalid {keyword} value: \"{value}\"");
            }
        }

        foreach (string keyword in s_integerKeywords)
        {
            if (valueOf(keyword) is { } value)
            {
                ConnInfoInteger.Parse(keyword, value);
            }
        }

        foreach (string keyword in s_applicationNameKeywords)
        {
            if (valueOf(keyword) is { Length: > 0 } name)
            {
                ApplicationNameRule.Validate(keyword, name);
            }
        }

        WithRsocket(valueOf("with_rsocket"));
        ToRequireAuth(valueOf("require_auth"));

        // Direct TLS has no plaintext fallback, so libpq insists the mode says TLS is required.
        if (valueOf("sslnegotiation") == "direct" && ToSslMode(valueOf) < SslMode.Require)
        {
            throw new ConnectionSettingsException(
                $"weak sslmode \"{SslModeKeyword(valueOf)}\" may not be used with sslnegotiation=direct (use \"require\", \"verify-ca\", or \"verify-full\")");
        }

        // The system's roots trust every public CA, so only a check of the host name makes them mean anything.
        if (valueOf("sslrootcert") == ConnectionDefaults.SystemRootCertificates && ToSslMode(valueOf) != SslMode.VerifyFull)
        {
            throw new ConnectionSettingsException(
                $"weak sslmode \"{SslModeKeyword(valueOf)}\" may not be used with sslrootcert=system (use \"verify-full\")");
        }

        TlsProtocolRange.Validate(valueOf("ssl_min_protocol_version"), valueOf("ssl_max_protocol_version"));
    }

    /// <summary>
    /// The sslmode in effect: the one given, else verify-full with sslrootcert=system (PostgreSQL 16),
    /// else libpq's default.
    /// </summary>
    public static string SslModeKeyword(Func<string, string?> valueOf) =>
        valueOf("sslmode")
        ?? (valueOf("sslrootcert") == ConnectionDefaults.SystemRootCertificates ? "verify-full" : ConnectionDefaults.SslMode);

    /// <summary>A validated sslmode, or the default when none was given.</summary>
    public static SslMode ToSslMode(Func<string, string?> valueOf) => s_sslModes[SslModeKeyword(valueOf)];

    /// <summary>require_auth with libpq's rules; unrestricted when not given or empty.</summary>
    public static AuthenticationPolicy ToRequireAuth(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return AuthenticationPolicy.Unrestricted;
        }

        return AuthenticationPolicy.TryParse(value, out AuthenticationPolicy? policy, out string? error)
            ? policy
            : throw new ConnectionSettingsException(error);
    }

    /// <summary>A validated channel_binding, or libpq's default (prefer) when none was given.</summary>
    public static ChannelBindingMode ToChannelBinding(string? value) => value switch
    {
        "disable" => ChannelBindingMode.Disable,
        "require" => ChannelBindingMode.Require,
        _ => ChannelBindingMode.Prefer,
    };

    /// <summary>A validated connect_timeout: null (wait forever) for none, zero or less; at least 2 seconds otherwise.</summary>
    public static TimeSpan? ToConnectTimeout(string? value) =>
        value is not null && ConnInfoInteger.Parse("connect_timeout", value) is var seconds and > 0
            ? TimeSpan.FromSeconds(Math.Max(seconds, ConnectionDefaults.MinimumConnectTimeoutSeconds))
            : null;

    /// <summary>with_rsocket as Postgres Pro's libpq reads it, with PostgreSQL's boolean syntax; false when not given.</summary>
    public static bool WithRsocket(string? value)
    {
        if (value is null)
        {
            return false;
        }

        return PostgresBoolean.TryParse(value, out bool enabled)
            ? enabled
            : throw new ConnectionSettingsException($"invalid value for parameter \"with_rsocket\": \"{value}\"");
    }
}
