using System.Text;
using StandbyAgent.Protocol.Authentication;

namespace StandbyAgent.Replication.Configuration;

/// <summary>
/// Splits a libpq connection string, keyword=value pairs or a postgresql:// URI, into keyword/value
/// pairs in the order written, by libpq's rules and with libpq's error messages. Pure: defaults,
/// service files and the environment are <see cref="ConnectionSettingsResolver"/>'s business.
/// </summary>
public static class ConnInfoParser
{
    /// <exception cref="ConnectionSettingsException">The string is malformed or names an unknown keyword.</exception>
    public static IReadOnlyList<ConnInfoPair> Parse(string connectionString)
    {
        ArgumentNullException.ThrowIfNull(connectionString);

        // libpq takes a C string, which a NUL (from a binary byte in a configuration file) would
        // silently cut short: refused, rather than read one way here and another way there.
        if (connectionString.Contains('\0', StringComparison.Ordinal))
        {
            throw new ConnectionSettingsException("connection info string contains a NUL character");
        }

        return ConnInfoUri.HasPrefix(connectionString)
            ? ConnInfoUri.Parse(connectionString)
            : ParseKeywordValues(connectionString);
    }

    private static List<ConnInfoPair> ParseKeywordValues(string text)
    {
        var pairs = new List<ConnInfoPair>();
        var value = new StringBuilder();

        // An unquoted password ends at the first space, so the word after it may be the rest of the
        // password: errors about that word must not quote it.
        bool followsUnquotedSecret = false;

        int i = SkipSpaces(text, 0);
        while (i < text.Length)
        {
            int keywordStart = i;
            while (i < text.Length && text[i] != '=' && !CWhitespace.Is(text[i]))
            {
                i++;
            }

            string keyword = text[keywordStart..i];
            i = SkipSpaces(text, i);
            if (i == text.Length || text[i] != '=')
            {
                throw new ConnectionSettingsException(
                    $"missing \"=\" after \"{Shown(keyword, followsUnquotedSecret)}\" in connection info string{Hint(followsUnquotedSecret)}");
            }

            i = SkipSpaces(text, i + 1);
            bool quoted = i < text.Length && text[i] == '\'';
            i = quoted ? ReadQuoted(text, i + 1, value) : ReadUnquoted(text, i, value);

            ConnInfoPair pair = ConnInfoKeywords.ToPair(keyword, value.ToString())
                ?? throw new ConnectionSettingsException(
                    $"invalid connection option \"{Shown(keyword, followsUnquotedSecret)}\"{Hint(followsUnquotedSecret)}");
            pairs.Add(pair);
            value.Clear();
            followsUnquotedSecret = ConnInfoKeywords.IsSecret(pair.Keyword) && !quoted;
            i = SkipSpaces(text, i);
        }

        return pairs;
    }

    /// <summary>Up to the next space; a backslash takes the next character literally, a quote is ordinary.</summary>
    private static int ReadUnquoted(string text, int i, StringBuilder value)
    {
        while (i < text.Length && !CWhitespace.Is(text[i]))
        {
            if (text[i] == '\\')
            {
                i++;
                if (i == text.Length)
                {
                    break;
                }
            }

            value.Append(text[i++]);
        }

        return i;
    }

    /// <summary>
    /// Up to the closing quote; only a backslash escapes (\' and \\). Unlike SQL, '' is not an escape:
    /// it ends the value and starts the next keyword.
    /// </summary>
    private static int ReadQuoted(string text, int i, StringBuilder value)
    {
        while (true)
        {
            if (i == text.Length)
            {
                throw new ConnectionSettingsException("unterminated quoted string in connection info string");
            }

            char c = text[i++];
            if (c == '\'')
            {
                return i;
            }

            if (c == '\\')
            {
                if (i == text.Length)
                {
                    continue;
                }

                c = text[i++];
            }

            value.Append(c);
        }
    }

    private static int SkipSpaces(string text, int i)
    {
        while (i < text.Length && CWhitespace.Is(text[i]))
        {
            i++;
        }

        return i;
    }

    private static string Shown(string word, bool followsUnquotedSecret) =>
        followsUnquotedSecret ? Password.Redacted : SecretRedaction.RedactUri(word);

    private static string Hint(bool followsUnquotedSecret) =>
        followsUnquotedSecret ? " (it follows an unquoted password; quote a password that contains spaces)" : "";
}
