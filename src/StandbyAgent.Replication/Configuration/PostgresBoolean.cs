namespace StandbyAgent.Replication.Configuration;

/// <summary>
/// PostgreSQL's parse_bool: true/false, yes/no, on/off, 1/0, case-insensitive, and any unambiguous
/// prefix of the words ("t", "n", "of"; "o" alone is ambiguous). No surrounding spaces.
/// </summary>
public static class PostgresBoolean
{
    public static bool TryParse(string value, out bool result)
    {
        bool? parsed = Parse(value);
        result = parsed == true;
        return parsed.HasValue;
    }

    private static bool? Parse(string value) =>
        value.Length == 0 ? null : char.ToLowerInvariant(value[0]) switch
        {
            't' => Word(value, "true", true),
            'f' => Word(value, "false", false),
            'y' => Word(value, "yes", true),
            'n' => Word(value, "no", false),
            'o' when value.Length >= 2 => Word(value, "on", true) ?? Word(value, "off", false),
            '1' when value.Length == 1 => true,
            '0' when value.Length == 1 => false,
            _ => null,
        };

    private static bool? Word(string value, string word, bool meaning) =>
        word.StartsWith(value, StringComparison.OrdinalIgnoreCase) ? meaning : null;
}
