using System.Text;

namespace StandbyAgent.LocalCluster;

/// <summary>Writes libpq's <c>keyword=value</c> connection strings.</summary>
internal static class LibpqConnInfo
{
    /// <summary>Parameters whose value is null are left out.</summary>
    public static string Format(params ReadOnlySpan<(string Keyword, string? Value)> parameters)
    {
        var text = new StringBuilder();
        foreach ((string keyword, string? value) in parameters)
        {
            if (value is null)
            {
                continue;
            }

            if (text.Length > 0)
            {
                text.Append(' ');
            }

            text.Append(keyword).Append('=').Append(Quote(value));
        }

        return text.ToString();
    }

    private static string Quote(string value) =>
        value.Length > 0 && !value.Any(c => char.IsWhiteSpace(c) || c is '\'' or '\\')
            ? value
            : "'" + value.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("'", @"\'", StringComparison.Ordinal) + "'";
}
