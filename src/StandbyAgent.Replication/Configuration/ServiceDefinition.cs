namespace StandbyAgent.Replication.Configuration;

/// <summary>A service file section and the file it came from.</summary>
internal sealed record ServiceDefinition(string Path, IReadOnlyList<ConnInfoPair> Parameters);
