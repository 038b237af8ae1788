using System.Text;

namespace StandbyAgent.Replication.ServerConfiguration;

/// <summary>
/// The server's ParseConfigFp without the file system: each non-blank line is a setting name, an
/// optional "=", a value and an optional comment. A line that is anything else stops the parse
/// with a <see cref="ServerConfigurationException"/> saying what was expected where; the server
/// would refuse the file too. Pure: includes are returned as lines for the reader to follow.
/// </summary>
public static class ConfigurationFileParser
{
    /// <param name="content">The file's bytes: the rules are the server's byte rules, and values are read back as UTF-8.</param>
    /// <param name="file">The file's path, for locations.</param>
    public static IReadOnlyList<ConfigurationLine> Parse(ReadOnlySpan<byte> content, string file)
    {
        string text = Encoding.Latin1.GetString(content);
        var lexer = new ConfigurationLexer(text);
        var lines = new List<ConfigurationLine>();
        for (ConfigurationToken token = lexer.Next(); token.Kind != ConfigurationTokenKind.EndOfFile; token = lexer.Next())
        {
            if (token.Kind == ConfigurationTokenKind.EndOfLine)
            {
                continue;
            }

            if (token.Kind is not (ConfigurationTokenKind.Name or ConfigurationTokenKind.QualifiedName))
            {
                throw SyntaxError(file, token, text, "expected a setting name at the start of the line");
            }

            string name = text.Substring(token.Start, token.Length);
            var location = new SourceLocation(file, token.Line);
            ConfigurationToken value = lexer.Next();
            bool equals = value.Kind == ConfigurationTokenKind.Equals;
            if (equals)
            {
                value = lexer.Next();
            }

            if (!value.IsValue)
            {
                throw SyntaxError(file, value, text, MissingValue(name, equals, value));
            }

            ConfigurationToken end = lexer.Next();
            if (!end.EndsLine)
            {
                throw SyntaxError(
                    file, end, text,
                    $"expected the end of the line after the value of \"{name}\"; a value with spaces or other special characters must be quoted: {name} = '...'");
            }

            lines.Add(new ConfigurationLine(ToUtf8(name), ToUtf8(ValueText(text, value)), location));
        }

        return lines;
    }

    private static string MissingValue(string name, bool afterEquals, ConfigurationToken found) => found.Kind switch
    {
        ConfigurationTokenKind.EndOfLine or ConfigurationTokenKind.EndOfFile when afterEquals =>
            $"expected a value after \"{name} =\"; write an empty value as ''",
        ConfigurationTokenKind.EndOfLine or ConfigurationTokenKind.EndOfFile => $"expected \"=\" and a value after \"{name}\"",
        _ => $"expected a value after \"{name}{(afterEquals ? " =" : string.Empty)}\": a number, a word, or text in single quotes",
    };

    /// <summary>Never quotes the text at fault, which may be part of a password; the column points at it.</summary>
    private static ServerConfigurationException SyntaxError(string file, ConfigurationToken token, string text, string expectation)
    {
        string problem = token.Kind == ConfigurationTokenKind.Error && text[token.Start] == '\''
            ? "unterminated quoted string: expected a closing ' on the same line (a quote inside a value is written '' or \\')"
            : expectation;
        string where = token.Kind == ConfigurationTokenKind.EndOfFile ? "at the end of the file" : $"at column {token.Column}";
        return new ServerConfigurationException(new SourceLocation(file, token.Line), $"syntax error {where}: {problem}");
    }

    private static string ValueText(string text, ConfigurationToken value)
    {
        ReadOnlySpan<char> token = text.AsSpan(value.Start, value.Length);
        return value.Kind == ConfigurationTokenKind.QuotedString ? QuotedConfigurationValue.Unquote(token) : token.ToString();
    }

    /// <summary>Back from one char per byte to the text the bytes spell.</summary>
    private static string ToUtf8(string latin1) => Encoding.UTF8.GetString(Encoding.Latin1.GetBytes(latin1));
}
