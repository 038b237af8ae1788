namespace StandbyAgent.Replication.ServerConfiguration;

/// <summary>
/// recovery.conf, postgresql.conf or their includes cannot be used: a syntax error, a missing
/// file, a setting with a value the server would refuse, or no primary_conninfo at all. The
/// message names the file and line and says what was expected; it never quotes a value that
/// could hold a password.
/// </summary>
public sealed class ServerConfigurationException : Exception
{
    public ServerConfigurationException(SourceLocation? location, string problem)
        : base(location is null ? problem : $"{location}: {problem}")
    {
        Location = location;
    }

    public ServerConfigurationException(SourceLocation? location, string problem, Exception innerException)
        : base(location is null ? problem : $"{location}: {problem}", innerException)
    {
        Location = location;
    }

    /// <summary>The line at fault; null when the problem is a setting that is missing altogether.</summary>
    public SourceLocation? Location { get; }
}
