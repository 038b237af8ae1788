using System.Security.Cryptography;
using StandbyAgent.Storage;

namespace StandbyAgent.Tests.Run.Support;

/// <summary>A WAL directory's file names, sizes and contents, as text two snapshots can be compared by.</summary>
internal static class DirectorySnapshot
{
    /// <summary>The agent's lock file is left out: it is empty, and locked against reading.</summary>
    public static string Describe(string directory) =>
        string.Join('\n', Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .Where(path => Path.GetFileName(path) != WalDirectory.LockFileName)
            .Order(StringComparer.Ordinal)
            .Select(path => $"{Path.GetRelativePath(directory, path)} {new FileInfo(path).Length} {Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)))}"));
}
