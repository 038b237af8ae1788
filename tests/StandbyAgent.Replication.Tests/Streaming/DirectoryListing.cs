using System.Security.Cryptography;

namespace StandbyAgent.Replication.Tests.Streaming;

/// <summary>Every entry under a directory with the size and hash of each file, to prove that nothing changed.</summary>
internal static class DirectoryListing
{
    /// <param name="root">The directory to describe.</param>
    /// <param name="excluded">A subdirectory left out, with everything in it.</param>
    public static string Describe(string root, string? excluded = null)
    {
        IEnumerable<string> lines = Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories)
            .Where(path => excluded is null || (path != excluded && !path.StartsWith(excluded + Path.DirectorySeparatorChar, StringComparison.Ordinal)))
            .Select(path => DescribeEntry(root, path))
            .Order(StringComparer.Ordinal);
        return string.Join('\n', lines);
    }

    private static string DescribeEntry(string root, string path)
    {
        string relative = Path.GetRelativePath(root, path);
        if (Directory.Exists(path))
        {
            return relative + Path.DirectorySeparatorChar;
        }

        byte[] content = File.ReadAllBytes(path);
        return $"{relative} {content.Length} {Convert.ToHexString(SHA256.HashData(content))}";
    }
}
