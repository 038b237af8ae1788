using StandbyAgent.Protocol.Authentication;

namespace StandbyAgent.Replication.Configuration;

/// <summary>
/// A connection string after libpq's rules were applied: conninfo over service file over
/// environment over defaults, the password looked up in the password file when none was given.
/// </summary>
public sealed class ConnectionSettings : IDisposable
{
    /// <summary>Servers to try, in order (libpq's comma-separated host and port lists).</summary>
    public required IReadOnlyList<HostEndpoint> Endpoints { get; init; }

    public required string User { get; init; }

    /// <summary>Null when none was given anywhere; the server may not need one.</summary>
    public Password? Password { get; init; }

    /// <summary>Where the password came from, for messages: "connection string", "PGPASSWORD", a passfile path.</summary>
    public string? PasswordSource { get; init; }

    /// <summary>Sent as the database; a physical walsender ignores it, .pgpass and pg_hba.conf match "replication".</summary>
    public string Database { get; init; } = "replication";

    public string? ApplicationName { get; init; }

    public string? FallbackApplicationName { get; init; }

    /// <summary>libpq's connect_timeout: null means wait forever; values under 2 s become 2 s.</summary>
    public TimeSpan? ConnectTimeout { get; init; }

    public SslMode SslMode { get; init; } = SslMode.Prefer;

    /// <summary>Postgres Pro's with_rsocket: run the session over RDMA through librdmacm's rsocket API.</summary>
    public bool WithRsocket { get; init; }

    /// <summary>
    /// Every keyword and value in effect, after defaults and the service file, password excluded.
    /// Keywords this client accepts but does not act on are kept here too (pg_basebackup -R writes many).
    /// </summary>
    public required IReadOnlyDictionary<string, string> Options { get; init; }

    /// <summary>The effective connection string with every secret replaced by asterisks, as pg_stat_wal_receiver shows it.</summary>
    public string ToDisplayString() =>
        string.Join(' ', Options.Select(o => $"{o.Key}={Quote(o.Value)}").Append(Password is null ? null : $"password={Password.Redacted}").OfType<string>());

    public override string ToString() => ToDisplayString();

    public void Dispose() => Password?.Dispose();

    private static string Quote(string value) =>
        value.Length > 0 && !value.Any(c => char.IsWhiteSpace(c) || c is '\'' or '\\')
            ? value
            : "'" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'";
}
