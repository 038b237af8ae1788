namespace StandbyAgent.Replication.ServerConfiguration;

/// <summary>One token: where it starts in the text, its length, and its 1-based line and column.</summary>
public readonly record struct ConfigurationToken(ConfigurationTokenKind Kind, int Start, int Length, int Line, int Column)
{
    public bool IsValue => Kind is ConfigurationTokenKind.Name or ConfigurationTokenKind.QuotedString or ConfigurationTokenKind.UnquotedString
        or ConfigurationTokenKind.Integer or ConfigurationTokenKind.Real;

    public bool EndsLine => Kind is ConfigurationTokenKind.EndOfLine or ConfigurationTokenKind.EndOfFile;
}
