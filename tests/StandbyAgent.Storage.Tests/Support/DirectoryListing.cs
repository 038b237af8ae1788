namespace StandbyAgent.Storage.Tests.Support;

/// <summary>What is in a directory, by name, in a stable order.</summary>
public static class DirectoryListing
{
    public static string[] Names(string directory) =>
        [.. Directory.EnumerateFileSystemEntries(directory).Select(entry => Path.GetFileName(entry)).Order(StringComparer.Ordinal)];

    public static UnixFileMode Mode(string path) => File.GetUnixFileMode(path);

    /// <summary>The targets of this process's open file descriptors that lie under <paramref name="directory"/>.</summary>
    public static string[] OpenFilesUnder(string directory)
    {
        string prefix = Path.TrimEndingDirectorySeparator(directory) + Path.DirectorySeparatorChar;
        var open = new List<string>();
        foreach (string descriptor in Directory.EnumerateFileSystemEntries("/proc/self/fd"))
        {
            string? target;
            try
            {
                target = new FileInfo(descriptor).LinkTarget;
            }
            catch (IOException)
            {
                // Closed between the listing and the readlink.
                continue;
            }

            if (target is not null && target.StartsWith(prefix, StringComparison.Ordinal))
            {
                open.Add(target);
            }
        }

        return [.. open.Order(StringComparer.Ordinal)];
    }
}
