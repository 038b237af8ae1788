namespace StandbyAgent.Replication.ServerConfiguration;

/// <summary>Where a setting was written: the file and the line, as the server's own messages name them.</summary>
public sealed record SourceLocation(string File, int Line)
{
    public override string ToString() => $"file \"{File}\" line {Line}";
}
