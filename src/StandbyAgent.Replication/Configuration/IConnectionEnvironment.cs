namespace StandbyAgent.Replication.Configuration;

/// <summary>What libpq reads from the process: environment variables, the home directory, the user name.</summary>
public interface IConnectionEnvironment
{
    /// <summary>The variable's value, or null when it is not set (set but empty is "").</summary>
    string? GetVariable(string name);

    /// <summary>Where ~/.pgpass and ~/.pg_service.conf are looked up; null when there is none.</summary>
    string? HomeDirectory { get; }

    /// <summary>The operating-system user, the default database user.</summary>
    string UserName { get; }
}
