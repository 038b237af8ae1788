using StandbyAgent.Protocol.Authentication;

namespace StandbyAgent.Replication.Configuration;

/// <summary>One keyword and its unquoted, unescaped value, as written in a connection string.</summary>
public readonly record struct ConnInfoPair(string Keyword, string Value)
{
    /// <summary>Secrets print as asterisks, so a pair is safe in a log line or a test failure.</summary>
    public override string ToString() => $"{Keyword}={(ConnInfoKeywords.IsSecret(Keyword) ? Password.Redacted : Value)}";
}
