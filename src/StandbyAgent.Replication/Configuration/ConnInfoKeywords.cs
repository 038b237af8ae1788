using System.Collections.Frozen;

namespace StandbyAgent.Replication.Configuration;

/// <summary>
/// Every keyword libpq (PostgreSQL 17) accepts, in libpq's own order, plus Postgres Pro's with_rsocket.
/// A connection string written for libpq must not fail here merely because this client ignores a keyword.
/// </summary>
public static class ConnInfoKeywords
{
    public static IReadOnlyList<ConnInfoKeyword> All { get; } =
    [
        new("service", "PGSERVICE"),
        new("user", "PGUSER"),
        new("password", "PGPASSWORD", IsSecret: true),
        new("passfile", "PGPASSFILE"),
        new("require_auth", "PGREQUIREAUTH"),
        new("channel_binding", "PGCHANNELBINDING"),
        new("connect_timeout", "PGCONNECT_TIMEOUT"),
        new("dbname", "PGDATABASE"),
        new("host", "PGHOST"),
        new("hostaddr", "PGHOSTADDR"),
        new("port", "PGPORT"),
        new("client_encoding", "PGCLIENTENCODING"),
        new("options", "PGOPTIONS"),
        new("application_name", "PGAPPNAME"),
        new("fallback_application_name", null),
        new("keepalives", null),
        new("keepalives_idle", null),
        new("keepalives_interval", null),
        new("keepalives_count", null),
        new("tcp_user_timeout", null),
        new("sslmode", "PGSSLMODE"),
        new("sslnegotiation", "PGSSLNEGOTIATION"),
        new("sslcompression", "PGSSLCOMPRESSION"),
        new("sslcert", "PGSSLCERT"),
        new("sslkey", "PGSSLKEY"),
        new("sslcertmode", "PGSSLCERTMODE"),
        new("sslpassword", null, IsSecret: true),
        new("sslrootcert", "PGSSLROOTCERT"),
        new("sslcrl", "PGSSLCRL"),
        new("sslcrldir", "PGSSLCRLDIR"),
        new("sslsni", "PGSSLSNI"),
        new("requirepeer", "PGREQUIREPEER"),
        new("ssl_min_protocol_version", "PGSSLMINPROTOCOLVERSION"),
        new("ssl_max_protocol_version", "PGSSLMAXPROTOCOLVERSION"),
        new("gssencmode", "PGGSSENCMODE"),
        new("krbsrvname", "PGKRBSRVNAME"),
        new("gsslib", "PGGSSLIB"),
        new("gssdelegation", "PGGSSDELEGATION"),
        new("replication", null),
        new("target_session_attrs", "PGTARGETSESSIONATTRS"),
        new("load_balance_hosts", "PGLOADBALANCEHOSTS"),
        new("with_rsocket", "WITH_RSOCKET"),
    ];

    private static readonly FrozenDictionary<string, ConnInfoKeyword> s_byName =
        All.ToFrozenDictionary(keyword => keyword.Name, StringComparer.Ordinal);

    /// <summary>The keyword, or null when libpq would answer "invalid connection option" (names are case-sensitive).</summary>
    public static ConnInfoKeyword? Find(string name) => s_byName.GetValueOrDefault(name);

    public static bool IsSecret(string name) => Find(name)?.IsSecret == true;

    /// <summary>
    /// The pair libpq stores for a keyword written in a connection string, or null for an unknown
    /// keyword. requiressl, deprecated since PostgreSQL 7.2, is still read as sslmode: a value starting
    /// with '1' means require, anything else prefer.
    /// </summary>
    internal static ConnInfoPair? ToPair(string keyword, string value)
    {
        if (keyword == "requiressl")
        {
            return new ConnInfoPair("sslmode", value.StartsWith('1') ? "require" : "prefer");
        }

        return Find(keyword) is null ? null : new ConnInfoPair(keyword, value);
    }
}
