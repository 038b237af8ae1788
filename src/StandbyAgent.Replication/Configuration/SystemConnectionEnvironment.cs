namespace StandbyAgent.Replication.Configuration;

/// <summary>The real process environment.</summary>
public sealed class SystemConnectionEnvironment : IConnectionEnvironment
{
    public static SystemConnectionEnvironment Instance { get; } = new();

    private SystemConnectionEnvironment()
    {
    }

    public string? GetVariable(string name) => Environment.GetEnvironmentVariable(name);

    /// <summary>$HOME, else the password database's entry, as libpq's pqGetHomeDirectory does.</summary>
    public string? HomeDirectory =>
        Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) is { Length: > 0 } home ? home : null;

    /// <summary>The effective user's name, as libpq's pg_fe_getauthname finds it.</summary>
    public string UserName => Environment.UserName;
}
