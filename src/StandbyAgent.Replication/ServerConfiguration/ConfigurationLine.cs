namespace StandbyAgent.Replication.ServerConfiguration;

/// <summary>
/// One "name = value" line of a configuration file, the value unquoted. An include directive is a
/// line like any other here; <see cref="ConfigurationFileReader"/> follows it.
/// </summary>
public sealed record ConfigurationLine(string Name, string Value, SourceLocation Location)
{
    /// <summary>Values may be passwords (primary_conninfo): never printed.</summary>
    public override string ToString() => $"{Name} ({Location})";
}
