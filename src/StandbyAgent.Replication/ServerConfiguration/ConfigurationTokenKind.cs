namespace StandbyAgent.Replication.ServerConfiguration;

/// <summary>The tokens of PostgreSQL's configuration file scanner (guc-file.l), in its rule order.</summary>
public enum ConfigurationTokenKind
{
    /// <summary>{LETTER}{LETTER_OR_DIGIT}*: a setting name, or a bare word value such as on.</summary>
    Name,

    /// <summary>{ID}.{ID}: a custom setting such as auto_explain.log_min_duration.</summary>
    QualifiedName,

    /// <summary>'...' with '' and backslash escapes.</summary>
    QuotedString,

    /// <summary>{LETTER}({LETTER_OR_DIGIT}|[-._:/])*: a bare value such as /var/lib/x or a-b.</summary>
    UnquotedString,

    /// <summary>An integer, decimal or 0x hexadecimal, with optional unit letters: 5, 0x1F, 5min.</summary>
    Integer,

    /// <summary>A number with a decimal point and optional exponent.</summary>
    Real,

    Equals,

    /// <summary>A character no rule matches (an unterminated quote, a stray semicolon).</summary>
    Error,

    EndOfLine,

    EndOfFile,
}
