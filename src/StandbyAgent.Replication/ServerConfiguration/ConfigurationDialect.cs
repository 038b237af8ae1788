namespace StandbyAgent.Replication.ServerConfiguration;

/// <summary>Which server read the file, which decides how its names are matched.</summary>
public enum ConfigurationDialect
{
    /// <summary>
    /// recovery.conf (PostgreSQL 11 and older, or the agent's --config file): names match exactly,
    /// and a name that is not a recovery parameter is an error, as the server made it.
    /// </summary>
    RecoveryConf,

    /// <summary>postgresql.conf and postgresql.auto.conf (PostgreSQL 12 and newer): names are case-insensitive, and settings the agent does not use are ignored.</summary>
    PostgresqlConf,
}
