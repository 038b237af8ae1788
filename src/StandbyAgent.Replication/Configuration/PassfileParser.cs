using StandbyAgent.Protocol.Authentication;

namespace StandbyAgent.Replication.Configuration;

/// <summary>
/// Looks a password up in .pgpass text by libpq's rules: lines host:port:database:user:password,
/// "\:" and "\\" escapes, a field of just "*" matches anything, lines starting with '#' are comments,
/// the first matching line wins. Works on spans so the file's secrets are not copied into strings.
/// </summary>
internal static class PassfileParser
{
    private const string Wildcard = "*:";

    /// <summary>The password for this server and user, or null when no line matches.</summary>
    /// <param name="host">A host name, a numeric address or a socket directory; the default socket directory matches "localhost".</param>
    public static Password? FindPassword(ReadOnlySpan<char> content, string host, int port, string database, string user)
    {
        string hostKey = host == ConnectionDefaults.SocketDirectory ? "localhost" : host;
        string portKey = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (Range range in content.Split('\n'))
        {
            ReadOnlySpan<char> line = content[range].TrimEnd("\r\n");
            if (line.IsEmpty || line[0] == '#')
            {
                continue;
            }

            if (TryConsumeField(ref line, hostKey)
                && TryConsumeField(ref line, portKey)
                && TryConsumeField(ref line, database)
                && TryConsumeField(ref line, user))
            {
                return Unescape(line);
            }
        }

        return null;
    }

    /// <summary>Matches the field at the start of the line against the value and moves past its ':'.</summary>
    private static bool TryConsumeField(ref ReadOnlySpan<char> line, string value)
    {
        if (line.StartsWith(Wildcard, StringComparison.Ordinal))
        {
            line = line[Wildcard.Length..];
            return true;
        }

        int matched = 0;
        for (int i = 0; i < line.Length; i++)
        {
            bool escaped = line[i] == '\\';
            if (escaped && ++i == line.Length)
            {
                return false;
            }

            if (!escaped && line[i] == ':' && matched == value.Length)
            {
                line = line[(i + 1)..];
                return true;
            }

            if (matched == value.Length || line[i] != value[matched])
            {
                return false;
            }

            matched++;
        }

        return false;
    }

    /// <summary>The password field: up to an unescaped ':' (later fields are ignored), escapes removed.</summary>
    private static Password Unescape(ReadOnlySpan<char> field)
    {
        char[] buffer = new char[field.Length];
        try
        {
            int length = 0;
            for (int i = 0; i < field.Length && field[i] != ':'; i++)
            {
                if (field[i] == '\\' && i + 1 < field.Length)
                {
                    i++;
                }

                buffer[length++] = field[i];
            }

            return new Password(buffer.AsSpan(0, length));
        }
        finally
        {
            Array.Clear(buffer);
        }
    }
}
