namespace StandbyAgent.Replication.Configuration;

/// <summary>
/// The characters C's isspace() accepts in the "C" locale; libpq uses it to split connection strings
/// and to trim service file lines, and char.IsWhiteSpace would accept more.
/// </summary>
internal static class CWhitespace
{
    public const string Characters = " \t\n\v\f\r";

    public static bool Is(char c) => Characters.Contains(c, StringComparison.Ordinal);
}
