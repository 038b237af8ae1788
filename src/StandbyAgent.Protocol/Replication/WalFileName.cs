using System.Globalization;

namespace StandbyAgent.Protocol.Replication;

/// <summary>
/// PostgreSQL's WAL file names: a segment is <c>%08X%08X%08X</c> (timeline, then the segment
/// number split at 2^32 bytes of WAL, which is not 256 segments unless they are 16 MB);
/// a history file is <c>%08X.history</c>.
/// </summary>
public static class WalFileName
{
    public const int SegmentNameLength = 24;

    public const string PartialSuffix = ".partial";

    public const string HistorySuffix = ".history";

    public static ulong SegmentsPerXLogId(int segmentSize) =>
        WalSegmentSize.IsValid(segmentSize)
            ? 0x1_0000_0000UL / (ulong)segmentSize
            : throw new ArgumentOutOfRangeException(nameof(segmentSize), segmentSize, "a WAL segment size is a power of two from 1 MB to 1 GB");

    public static ulong SegmentNumber(Lsn lsn, int segmentSize) => lsn.Value / (ulong)segmentSize;

    public static Lsn SegmentStart(ulong segmentNumber, int segmentSize) => new(segmentNumber * (ulong)segmentSize);

    public static string Segment(uint timeline, ulong segmentNumber, int segmentSize)
    {
        ulong perId = SegmentsPerXLogId(segmentSize);
        return string.Create(CultureInfo.InvariantCulture, $"{timeline:X8}{(uint)(segmentNumber / perId):X8}{(uint)(segmentNumber % perId):X8}");
    }

    public static string History(uint timeline) =>
        string.Create(CultureInfo.InvariantCulture, $"{timeline:X8}{HistorySuffix}");

    /// <summary>
    /// Recognises <c>TTTTTTTTXXXXXXXXYYYYYYYY</c> with an optional <c>.partial</c>; anything else
    /// (compressed files, temp files, other tools' files) is not a segment to this client.
    /// </summary>
    public static bool TryParseSegment(string fileName, int segmentSize, out uint timeline, out ulong segmentNumber, out bool isPartial)
    {
        timeline = 0;
        segmentNumber = 0;
        isPartial = fileName.Length == SegmentNameLength + PartialSuffix.Length && fileName.EndsWith(PartialSuffix, StringComparison.Ordinal);
        if (fileName.Length != SegmentNameLength && !isPartial)
        {
            return false;
        }

        ReadOnlySpan<char> name = fileName.AsSpan(0, SegmentNameLength);
        if (name.ContainsAnyExcept("0123456789ABCDEF")
            || !uint.TryParse(name[..8], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out timeline)
            || !uint.TryParse(name[8..16], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out uint high)
            || !uint.TryParse(name[16..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out uint low))
        {
            return false;
        }

        ulong perId = SegmentsPerXLogId(segmentSize);
        if (timeline == 0 || low >= perId)
        {
            return false;
        }

        segmentNumber = (high * perId) + low;
        return true;
    }
}
