using System.Runtime.InteropServices;
using System.Text;

namespace StandbyAgent.Replication.Configuration;

/// <summary>
/// libpq's connection URI:
/// postgresql://[user[:password]@][host][:port][,host[:port]...][/dbname][?keyword=value&amp;...],
/// hosts in [brackets] for IPv6, every part percent-decoded.
/// </summary>
internal static class ConnInfoUri
{
    private const string HostTerminators = ":/?,";
    private const string PortTerminators = "/?,";

    private static readonly string[] s_prefixes = ["postgresql://", "postgres://"];

    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static bool HasPrefix(string text) => PrefixLength(text) > 0;

    public static List<ConnInfoPair> Parse(string uri)
    {
        var pairs = new List<ConnInfoPair>();
        int position = ParseCredentials(uri, PrefixLength(uri), pairs);
        char terminator = ParseHostsAndPorts(uri, ref position, pairs);

        if (terminator == '/')
        {
            int start = ++position;
            position = IndexOrEnd(uri, start, "?");
            terminator = CharAt(uri, position);

            // An empty dbname is left out: it would mean "the user name", not "the default".
            AddDecoded(pairs, "dbname", uri[start..position]);
        }

        if (terminator == '?')
        {
            ParseQuery(uri[(position + 1)..], pairs);
        }

        return pairs;
    }

    /// <summary>user[:password]@, present only when an '@' comes before the first '/'.</summary>
    private static int ParseCredentials(string uri, int start, List<ConnInfoPair> pairs)
    {
        int at = uri.IndexOfAny(['@', '/'], start);
        if (at < 0 || uri[at] != '@')
        {
            return start;
        }

        int colon = uri.IndexOf(':', start, at - start);
        AddDecoded(pairs, "user", uri[start..(colon < 0 ? at : colon)]);
        if (colon >= 0)
        {
            AddDecoded(pairs, "password", uri[(colon + 1)..at]);
        }

        return at + 1;
    }

    /// <summary>
    /// host[:port] items separated by commas, gathered into one host list and one port list as libpq
    /// does (a host without a port leaves an empty item). Returns the character that ended them.
    /// </summary>
    private static char ParseHostsAndPorts(string uri, ref int position, List<ConnInfoPair> pairs)
    {
        var hosts = new StringBuilder();
        var ports = new StringBuilder();
        char terminator;
        while (true)
        {
            hosts.Append(ReadHost(uri, ref position));
            terminator = CharAt(uri, position);
            if (terminator == ':')
            {
                int start = ++position;
                position = IndexOrEnd(uri, start, PortTerminators);
                ports.Append(uri, start, position - start);
                terminator = CharAt(uri, position);
            }

            if (terminator != ',')
            {
                break;
            }

            position++;
            hosts.Append(',');
            ports.Append(',');
        }

        AddDecoded(pairs, "host", hosts.ToString());
        AddDecoded(pairs, "port", ports.ToString());
        return terminator;
    }

    private static string ReadHost(string uri, ref int position)
    {
        if (CharAt(uri, position) != '[')
        {
            int start = position;
            position = IndexOrEnd(uri, start, HostTerminators);
            return uri[start..position];
        }

        int close = uri.IndexOf(']', position + 1);
        if (close < 0)
        {
            throw new ConnectionSettingsException(
                $"end of string reached when looking for matching \"]\" in IPv6 host address in URI: \"{SecretRedaction.RedactUri(uri)}\"");
        }

        if (close == position + 1)
        {
            throw new ConnectionSettingsException(
                $"IPv6 host address may not be empty in URI: \"{SecretRedaction.RedactUri(uri)}\"");
        }

        string host = uri[(position + 1)..close];
        position = close + 1;
        if (position < uri.Length && !HostTerminators.Contains(uri[position], StringComparison.Ordinal))
        {
            // Counted in the URI as shown, so a masked password neither misplaces it nor betrays its length.
            int shownPosition = SecretRedaction.RedactUri(uri[..position]).Length + 1;
            throw new ConnectionSettingsException(
                $"unexpected character \"{uri[position]}\" at position {shownPosition} in URI (expected \":\" or \"/\"): \"{SecretRedaction.RedactUri(uri)}\"");
        }

        return host;
    }

    private static void ParseQuery(string query, List<ConnInfoPair> pairs)
    {
        int position = 0;
        while (position < query.Length)
        {
            int end = IndexOrEnd(query, position, "&");
            string parameter = query[position..end];
            position = end == query.Length ? end : end + 1;

            int equals = parameter.IndexOf('=', StringComparison.Ordinal);
            if (equals < 0)
            {
                throw new ConnectionSettingsException($"missing key/value separator \"=\" in URI query parameter: \"{parameter}\"");
            }

            string rawKeyword = parameter[..equals];
            if (parameter.IndexOf('=', equals + 1) >= 0)
            {
                throw new ConnectionSettingsException($"extra key/value separator \"=\" in URI query parameter: \"{rawKeyword}\"");
            }

            string keyword = Decode(rawKeyword, "");
            string value = Decode(parameter[(equals + 1)..], keyword);

            // libpq's concession to JDBC URLs.
            if (keyword == "ssl" && value == "true")
            {
                (keyword, value) = ("sslmode", "require");
            }

            pairs.Add(ConnInfoKeywords.ToPair(keyword, value)
                ?? throw new ConnectionSettingsException($"invalid URI query parameter: \"{keyword}\""));
        }
    }

    private static void AddDecoded(List<ConnInfoPair> pairs, string keyword, string encoded)
    {
        if (encoded.Length > 0)
        {
            pairs.Add(new ConnInfoPair(keyword, Decode(encoded, keyword)));
        }
    }

    /// <summary>
    /// Percent-decodes; the bytes are read as UTF-8. The text is quoted in errors unless it is the
    /// value of a secret keyword.
    /// </summary>
    private static string Decode(string encoded, string keyword)
    {
        if (!encoded.Contains('%', StringComparison.Ordinal))
        {
            return encoded;
        }

        var bytes = new List<byte>(encoded.Length);
        int position = 0;
        while (true)
        {
            int percent = IndexOrEnd(encoded, position, "%");
            bytes.AddRange(Encoding.UTF8.GetBytes(encoded[position..percent]));
            if (percent == encoded.Length)
            {
                break;
            }

            if (percent + 2 >= encoded.Length || !char.IsAsciiHexDigit(encoded[percent + 1]) || !char.IsAsciiHexDigit(encoded[percent + 2]))
            {
                throw DecodingError("invalid percent-encoded token", encoded, keyword);
            }

            byte decoded = (byte)((HexValue(encoded[percent + 1]) << 4) | HexValue(encoded[percent + 2]));
            if (decoded == 0)
            {
                throw DecodingError("forbidden value %00 in percent-encoded value", encoded, keyword);
            }

            bytes.Add(decoded);
            position = percent + 3;
        }

        try
        {
            return s_strictUtf8.GetString(CollectionsMarshal.AsSpan(bytes));
        }
        catch (DecoderFallbackException exception)
        {
            throw DecodingError("percent-encoded value is not valid UTF-8", encoded, keyword, exception);
        }
    }

    private static ConnectionSettingsException DecodingError(string problem, string encoded, string keyword, Exception? inner = null)
    {
        string message = ConnInfoKeywords.IsSecret(keyword)
            ? $"{problem} in the value of \"{keyword}\""
            : $"{problem}: \"{encoded}\"";
        return inner is null ? new ConnectionSettingsException(message) : new ConnectionSettingsException(message, inner);
    }

    private static int HexValue(char digit) => digit <= '9' ? digit - '0' : (digit | 0x20) - 'a' + 10;

    private static int PrefixLength(string text) =>
        s_prefixes.FirstOrDefault(prefix => text.StartsWith(prefix, StringComparison.Ordinal))?.Length ?? 0;

    /// <summary>Where the first of the stop characters is at or after start, or the end of the text.</summary>
    private static int IndexOrEnd(string text, int start, string stops) =>
        text.AsSpan(start).IndexOfAny(stops) is var offset and >= 0 ? start + offset : text.Length;

    private static char CharAt(string text, int position) => position < text.Length ? text[position] : '\0';
}
