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

    /// <summary>
    /// The password given explicitly or, failing that, found in the password file for the first
    /// server; null when there is none, as the server may not need one. With several servers use
    /// <see cref="PasswordFor"/>, since the password file may hold a different one for each.
    /// </summary>
    public Password? Password { get; init; }

    /// <summary>
    /// Passwords found in the password file for each server, when none was given explicitly. libpq
    /// looks each host and port up separately.
    /// </summary>
    public IReadOnlyDictionary<HostEndpoint, Password> PassfilePasswords { get; init; } = new Dictionary<HostEndpoint, Password>();

    /// <summary>
    /// Where the password came from, for messages: "command line", "connection string",
    /// "service file \"path\"", "PGPASSWORD", or the password file's path.
    /// </summary>
    public string? PasswordSource { get; init; }

    /// <summary>Sent as the database; a physical walsender ignores it, .pgpass and pg_hba.conf match "replication".</summary>
    public string Database { get; init; } = ConnectionDefaults.Database;

    public string? ApplicationName { get; init; }

    public string? FallbackApplicationName { get; init; }

    /// <summary>libpq's connect_timeout: null means wait forever; values under 2 s become 2 s.</summary>
    public TimeSpan? ConnectTimeout { get; init; }

    public SslMode SslMode { get; init; } = SslMode.Prefer;

    /// <summary>The TLS files and options, libpq's defaults under ~/.postgresql applied.</summary>
    public TlsSettings Tls { get; init; } = TlsSettings.None;

    /// <summary>channel_binding: whether SCRAM must bind itself to the TLS channel.</summary>
    public ChannelBindingMode ChannelBinding { get; init; } = ChannelBindingMode.Prefer;

    /// <summary>require_auth: the authentication requests the server may make.</summary>
    public AuthenticationPolicy RequireAuth { get; init; } = AuthenticationPolicy.Unrestricted;

    /// <summary>Postgres Pro's with_rsocket: run the session over RDMA through librdmacm's rsocket API.</summary>
    public bool WithRsocket { get; init; }

    /// <summary>sslpassword, the client key's passphrase: a secret like the password, so never in <see cref="Options"/>.</summary>
    public Password? SslPassword { get; init; }

    /// <summary>
    /// Every keyword and value in effect, after defaults and the service file, password excluded.
    /// Keywords this client accepts but does not act on are kept here too (pg_basebackup -R writes many).
    /// sslpassword is left out as well; dbname is the one the user gave, while <see cref="Database"/> is always sent.
    /// </summary>
    public required IReadOnlyDictionary<string, string> Options { get; init; }

    /// <summary>The effective connection string with every secret replaced by asterisks, as pg_stat_wal_receiver shows it.</summary>
    public string ToDisplayString() =>
        string.Join(' ', Options.Select(o => $"{o.Key}={Quote(o.Value)}").Concat(RedactedSecrets()));

    public override string ToString() => ToDisplayString();

    /// <summary>The password to send to this server: the explicit one, else the password file's entry for it.</summary>
    public Password? PasswordFor(HostEndpoint endpoint) =>
        PassfilePasswords.Count == 0 ? Password : PassfilePasswords.GetValueOrDefault(endpoint);

    public void Dispose()
    {
        Password?.Dispose();
        SslPassword?.Dispose();
        foreach (Password password in PassfilePasswords.Values)
        {
            password.Dispose();
        }
    }

    private IEnumerable<string> RedactedSecrets()
    {
        if (Password is not null)
        {
            yield return $"password={Password.Redacted}";
        }

        if (SslPassword is not null)
        {
            yield return $"sslpassword={Password.Redacted}";
        }
    }

    private static string Quote(string value) =>
        value.Length > 0 && !value.Any(c => char.IsWhiteSpace(c) || c is '\'' or '\\')
            ? value
            : "'" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'";
}
