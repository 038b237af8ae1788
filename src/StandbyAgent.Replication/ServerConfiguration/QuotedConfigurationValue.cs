using System.Text;

namespace StandbyAgent.Replication.ServerConfiguration;

/// <summary>
/// The server's DeescapeQuotedString: strips the quotes of a quoted value, turns '' into ' and
/// interprets the backslash escapes \b \f \n \r \t and \ooo (one to three octal digits, one byte);
/// any other escaped character stands for itself. Works on the file's bytes, one char each.
/// </summary>
public static class QuotedConfigurationValue
{
    private const int MaximumOctalDigits = 3;

    /// <param name="token">The whole token, quotes included, as the scanner matched it.</param>
    public static string Unquote(ReadOnlySpan<char> token)
    {
        ReadOnlySpan<char> inner = token[1..^1];
        var value = new StringBuilder(inner.Length);
        for (int i = 0; i < inner.Length; i++)
        {
            char c = inner[i];
            if (c == '\\' && i + 1 < inner.Length)
            {
                i++;
                value.Append(inner[i] switch
                {
                    'b' => '\b',
                    'f' => '\f',
                    'n' => '\n',
                    'r' => '\r',
                    't' => '\t',
                    >= '0' and <= '7' => Octal(inner, ref i),
                    char other => other,
                });
            }
            else if (c == '\'' && i + 1 < inner.Length && inner[i + 1] == '\'')
            {
                value.Append('\'');
                i++;
            }
            else
            {
                value.Append(c);
            }
        }

        return value.ToString();
    }

    /// <summary>The server keeps only the low byte of a value such as \777.</summary>
    private static char Octal(ReadOnlySpan<char> text, ref int i)
    {
        int value = 0;
        int digits = 0;
        while (digits < MaximumOctalDigits && i + digits < text.Length && text[i + digits] is >= '0' and <= '7')
        {
            value = (value << 3) + (text[i + digits] - '0');
            digits++;
        }

        i += digits - 1;
        return (char)(value & 0xFF);
    }
}
