namespace StandbyAgent.Replication.ServerConfiguration;

/// <summary>
/// Reads a configuration file the way the server does, following include (a file that must
/// exist), include_if_exists (skipped when missing) and include_dir (its *.conf files in name
/// order, dot files left out). Relative paths are relative to the including file's directory.
/// The lines come back in the order the server reads them, so the last assignment wins.
/// </summary>
public static class ConfigurationFileReader
{
    /// <summary>The server's CONF_FILE_MAX_DEPTH: includes nest at most this deep, which also ends an include loop.</summary>
    private const int MaximumDepth = 10;

    private const string IncludeDirectory = "include_dir";
    private const string IncludeIfExists = "include_if_exists";
    private const string Include = "include";
    private const string ConfigurationFileSuffix = ".conf";

    /// <exception cref="ServerConfigurationException">A file cannot be read or parsed.</exception>
    public static IReadOnlyList<ConfigurationLine> Read(string path)
    {
        var lines = new List<ConfigurationLine>();
        ReadFile(Path.GetFullPath(path), includedFrom: null, depth: 0, mustExist: true, lines);
        return lines;
    }

    private static void ReadFile(string path, SourceLocation? includedFrom, int depth, bool mustExist, List<ConfigurationLine> lines)
    {
        if (depth > MaximumDepth)
        {
            throw new ServerConfigurationException(includedFrom, $"could not open configuration file \"{path}\": maximum nesting depth exceeded");
        }

        byte[] content;
        try
        {
            content = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (!mustExist && ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ServerConfigurationException(includedFrom, $"could not open configuration file \"{path}\": {ex.Message}", ex);
        }

        foreach (ConfigurationLine line in ConfigurationFileParser.Parse(content, path))
        {
            if (Is(line, IncludeDirectory))
            {
                foreach (string file in FilesOf(Required(line, "directory"), line))
                {
                    ReadFile(file, line.Location, depth + 1, mustExist: true, lines);
                }
            }
            else if (Is(line, IncludeIfExists) || Is(line, Include))
            {
                ReadFile(Required(line, "file"), line.Location, depth + 1, mustExist: Is(line, Include), lines);
            }
            else
            {
                lines.Add(line);
            }
        }
    }

    /// <summary>Directive names are case-insensitive, like setting names.</summary>
    private static bool Is(ConfigurationLine line, string directive) => string.Equals(line.Name, directive, StringComparison.OrdinalIgnoreCase);

    private static string Required(ConfigurationLine line, string what)
    {
        if (line.Value.Length == 0)
        {
            throw new ServerConfigurationException(line.Location, $"empty configuration {what} name: \"{line.Name}\"");
        }

        return Path.GetFullPath(line.Value, Path.GetDirectoryName(line.Location.File)!);
    }

    private static IEnumerable<string> FilesOf(string directory, ConfigurationLine line)
    {
        IEnumerable<string> entries;
        try
        {
            entries = Directory.GetFileSystemEntries(directory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ServerConfigurationException(line.Location, $"could not open configuration directory \"{directory}\": {ex.Message}", ex);
        }

        return entries
            .Where(entry => Path.GetFileName(entry) is { Length: > 5 } name && name[0] != '.' && name.EndsWith(ConfigurationFileSuffix, StringComparison.Ordinal))
            .Where(entry => !Directory.Exists(entry))
            .Order(StringComparer.Ordinal);
    }
}
