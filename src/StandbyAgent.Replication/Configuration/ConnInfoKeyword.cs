namespace StandbyAgent.Replication.Configuration;

/// <summary>
/// A keyword libpq accepts in a connection string, the environment variable that supplies it when
/// neither the string nor a service file does, and whether its value is a secret (libpq's dispchar "*").
/// </summary>
public sealed record ConnInfoKeyword(string Name, string? EnvironmentVariable, bool IsSecret = false);
