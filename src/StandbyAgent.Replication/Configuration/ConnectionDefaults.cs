namespace StandbyAgent.Replication.Configuration;

/// <summary>What libpq falls back to, as Debian builds it, for a physical replication client.</summary>
public static class ConnectionDefaults
{
    /// <summary>Debian builds libpq with DEFAULT_PGSOCKET_DIR=/var/run/postgresql.</summary>
    public const string SocketDirectory = "/var/run/postgresql";

    public const int Port = 5432;

    /// <summary>libpq's default when it is built with TLS: try TLS, fall back to plaintext.</summary>
    public const string SslMode = "prefer";

    /// <summary>
    /// pg_receivewal and the walreceiver always start a session on "replication": a physical walsender
    /// ignores the name, but .pgpass and pg_hba.conf match it.
    /// </summary>
    public const string Database = "replication";

    /// <summary>Debian's SYSCONFDIR for libpq, where pg_service.conf is looked up when PGSYSCONFDIR is unset.</summary>
    public const string SystemConfigDirectory = "/etc/postgresql-common";

    public const string PassfileName = ".pgpass";

    public const string UserServiceFileName = ".pg_service.conf";

    public const string SystemServiceFileName = "pg_service.conf";

    /// <summary>Where libpq looks for the TLS files below, under the home directory.</summary>
    public const string TlsDirectory = ".postgresql";

    /// <summary>The trusted certificate authorities when sslrootcert is not given.</summary>
    public const string RootCertificateFileName = "root.crt";

    /// <summary>The revocation list when neither sslcrl nor sslcrldir is given.</summary>
    public const string RootCrlFileName = "root.crl";

    /// <summary>The client certificate when sslcert is not given.</summary>
    public const string ClientCertificateFileName = "postgresql.crt";

    /// <summary>The client key when sslkey is not given.</summary>
    public const string ClientKeyFileName = "postgresql.key";

    /// <summary>sslrootcert's special value: the operating system's trusted roots, and verify-full by default.</summary>
    public const string SystemRootCertificates = "system";

    /// <summary>libpq's ssl_min_protocol_version since PostgreSQL 14.</summary>
    public const string MinimumTlsProtocol = "TLSv1.2";

    /// <summary>libpq raises a connect_timeout of 1 to 2 seconds, because it rounds to whole seconds.</summary>
    public const int MinimumConnectTimeoutSeconds = 2;
}
