using StandbyAgent.Protocol.Authentication;

namespace StandbyAgent.Replication.Configuration;

/// <summary>
/// Masks the secrets of a connection URI quoted in an error message: the password between ':' and
/// '@', and the values of secret query parameters.
/// </summary>
internal static class SecretRedaction
{
    private const string SchemeSeparator = "://";

    /// <summary>The text with its URI secrets masked; text without "://" is returned as is.</summary>
    public static string RedactUri(string text)
    {
        int scheme = text.IndexOf(SchemeSeparator, StringComparison.Ordinal);
        if (scheme < 0)
        {
            return text;
        }

        int start = scheme + SchemeSeparator.Length;

        // Where libpq looks for credentials: before the first '@', unless a '/' comes first.
        int end = text.IndexOfAny(['@', '/'], start);
        if (end >= 0 && text[end] == '@' && text.IndexOf(':', start, end - start) is var colon and >= 0)
        {
            text = string.Concat(text.AsSpan(0, colon + 1), Password.Redacted, text.AsSpan(end));
        }

        int query = text.IndexOf('?', start);
        return query < 0 ? text : string.Concat(text.AsSpan(0, query + 1), RedactQuery(text[(query + 1)..]));
    }

    private static string RedactQuery(string query) =>
        string.Join('&', query.Split('&').Select(parameter =>
            parameter.Split('=', 2) is [var keyword, _] && ConnInfoKeywords.IsSecret(Uri.UnescapeDataString(keyword))
                ? $"{keyword}={Password.Redacted}"
                : parameter));
}
