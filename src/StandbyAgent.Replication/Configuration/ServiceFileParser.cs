namespace StandbyAgent.Replication.Configuration;

/// <summary>
/// One section of a pg_service.conf, by libpq's rules: lines trimmed, '#' comments, "[name]" starts a
/// section, inside it "keyword=value" taken literally (no quoting, no spaces around '='). Lines of
/// other sections are not checked, as libpq does not check them.
/// </summary>
internal static class ServiceFileParser
{
    /// <summary>The section's parameters, first occurrence of a keyword winning; null when there is no such section.</summary>
    public static IReadOnlyList<ConnInfoPair>? FindSection(IEnumerable<string> lines, string service, string path)
    {
        string header = $"[{service}]";
        List<ConnInfoPair>? section = null;
        int lineNumber = 0;
        foreach (string rawLine in lines)
        {
            lineNumber++;
            string line = rawLine.AsSpan().Trim(CWhitespace.Characters).ToString();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            if (line[0] == '[')
            {
                if (section is not null)
                {
                    return section;
                }

                section = line.StartsWith(header, StringComparison.Ordinal) ? [] : null;
            }
            else if (section is not null)
            {
                Add(section, line, path, lineNumber);
            }
        }

        return section;
    }

    private static void Add(List<ConnInfoPair> section, string line, string path, int lineNumber)
    {
        int equals = line.IndexOf('=', StringComparison.Ordinal);
        string keyword = equals < 0 ? line : line[..equals];
        if (keyword == "service")
        {
            throw new ConnectionSettingsException(
                $"nested service specifications not supported in service file \"{path}\", line {lineNumber}");
        }

        if (equals < 0 || ConnInfoKeywords.Find(keyword) is null)
        {
            throw new ConnectionSettingsException($"syntax error in service file \"{path}\", line {lineNumber}");
        }

        if (!section.Exists(pair => pair.Keyword == keyword))
        {
            section.Add(new ConnInfoPair(keyword, line[(equals + 1)..]));
        }
    }
}
