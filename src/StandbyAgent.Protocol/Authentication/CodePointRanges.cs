namespace StandbyAgent.Protocol.Authentication;

/// <summary>
/// Lookups in a table of sorted, non-overlapping, inclusive code-point ranges stored as
/// first, last, first, last, ...
/// </summary>
internal static class CodePointRanges
{
    public static bool Contains(ReadOnlySpan<int> ranges, int codePoint) => IndexOf(ranges, codePoint) >= 0;

    /// <returns>The number of the range holding the code point (0 for the first pair), or -1.</returns>
    public static int IndexOf(ReadOnlySpan<int> ranges, int codePoint)
    {
        int low = 0;
        int high = (ranges.Length / 2) - 1;
        while (low <= high)
        {
            int middle = (low + high) >>> 1;
            if (codePoint < ranges[2 * middle])
            {
                high = middle - 1;
            }
            else if (codePoint > ranges[(2 * middle) + 1])
            {
                low = middle + 1;
            }
            else
            {
                return middle;
            }
        }

        return -1;
    }
}
