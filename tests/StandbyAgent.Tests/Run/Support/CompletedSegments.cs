using StandbyAgent.Protocol.Replication;
using StandbyAgent.Testing;
using StandbyAgent.Tests.Support;

namespace StandbyAgent.Tests.Run.Support;

/// <summary>The segments the agent marked complete in a pg_wal (archive_status/NAME.done), and how they compare with a server's.</summary>
internal static class CompletedSegments
{
    private const string DoneSuffix = ".done";

    /// <param name="timeline">Only this timeline's segments; null for all.</param>
    public static IReadOnlyList<string> In(string pgWal, uint? timeline = null) =>
        [.. Directory.EnumerateFiles(Path.Combine(pgWal, "archive_status"), "*" + DoneSuffix)
            .Select(path => Path.GetFileName(path)[..^DoneSuffix.Length])
            .Where(name => name.Length == WalFileName.SegmentNameLength && (timeline is null || name.StartsWith($"{timeline:X8}", StringComparison.Ordinal)))
            .Order(StringComparer.Ordinal)];

    /// <summary>
    /// Byte for byte against the server's pg_wal, through a directory of links to the completed
    /// segments only: the segment in progress carries its final name too, and is still zeros at its end.
    /// </summary>
    public static WalComparisonResult CompareWith(string pgWal, string serverPgWal, uint? timeline = null)
    {
        using var view = new TempDirectory();
        foreach (string name in In(pgWal, timeline))
        {
            File.CreateSymbolicLink(Path.Combine(view.Path, name), Path.Combine(pgWal, name));
        }

        return WalDirectoryComparison.Compare(view.Path, serverPgWal);
    }
}
