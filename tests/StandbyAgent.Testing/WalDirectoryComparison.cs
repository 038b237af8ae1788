namespace StandbyAgent.Testing;

/// <summary>Checks received WAL against the primary's own.</summary>
public static class WalDirectoryComparison
{
    /// <summary>A segment file's name: timeline, log and segment number, 8 hex digits each.</summary>
    private const int SegmentNameLength = 24;

    private const int ChunkSize = 1 << 20;

    /// <summary>
    /// Compares every completed segment in <paramref name="receiveDirectory"/> (a 24-hex-digit
    /// name; partial segments carry a suffix and are skipped) with the file of the same name in
    /// <paramref name="primaryWalDirectory"/>.
    /// </summary>
    /// <param name="include">Which of them to compare, by name; all when null (a test that checks again and again skips what it checked).</param>
    public static WalComparisonResult Compare(string receiveDirectory, string primaryWalDirectory, Func<string, bool>? include = null)
    {
        int compared = 0;
        var mismatches = new List<WalSegmentMismatch>();
        var missing = new List<string>();
        IEnumerable<string> segments = Directory.EnumerateFiles(receiveDirectory)
            .Select(Path.GetFileName)
            .OfType<string>()
            .Where(name => IsSegmentName(name) && (include is null || include(name)))
            .Order(StringComparer.Ordinal);
        foreach (string segment in segments)
        {
            string original = Path.Combine(primaryWalDirectory, segment);
            if (!File.Exists(original))
            {
                missing.Add(segment);
                continue;
            }

            compared++;
            if (FirstDifference(Path.Combine(receiveDirectory, segment), original) is long offset)
            {
                mismatches.Add(new WalSegmentMismatch(segment, offset));
            }
        }

        return new WalComparisonResult(compared, mismatches, missing);
    }

    private static bool IsSegmentName(string name) => name.Length == SegmentNameLength && name.All(char.IsAsciiHexDigit);

    private static long? FirstDifference(string leftPath, string rightPath)
    {
        using FileStream left = File.OpenRead(leftPath);
        using FileStream right = File.OpenRead(rightPath);
        byte[] leftChunk = new byte[ChunkSize];
        byte[] rightChunk = new byte[ChunkSize];
        for (long offset = 0; ; offset += ChunkSize)
        {
            int leftRead = left.ReadAtLeast(leftChunk, ChunkSize, throwOnEndOfStream: false);
            int rightRead = right.ReadAtLeast(rightChunk, ChunkSize, throwOnEndOfStream: false);
            int common = Math.Min(leftRead, rightRead);
            int same = leftChunk.AsSpan(0, common).CommonPrefixLength(rightChunk.AsSpan(0, common));
            if (same < common || leftRead != rightRead)
            {
                return offset + same;
            }

            if (leftRead < ChunkSize)
            {
                return null;
            }
        }
    }
}
