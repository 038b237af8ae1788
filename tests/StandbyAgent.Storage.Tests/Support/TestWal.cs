using StandbyAgent.Testing.FakeServer;

namespace StandbyAgent.Storage.Tests.Support;

/// <summary>
/// Synthetic WAL for the storage tests: <see cref="SyntheticWal"/>'s bytes (each a function of its
/// LSN, every segment starting with a long page header naming the cluster and the segment), with
/// names, files and assertions in the storage tests' terms. The header layout comes from the
/// Testing project's <see cref="WalLongPageHeader"/>, not from the code under test.
/// </summary>
public static class TestWal
{
    /// <summary>The smallest legal segment size, to keep the tests fast.</summary>
    public const int SegmentSize = 1024 * 1024;

    public const int LongPageHeaderLength = WalLongPageHeader.Length;

    public const int BlockSize = (int)WalLongPageHeader.DefaultBlockSize;

    public static readonly ClusterIdentity Identity = new(0x6F3E_2A1B_5C4D_7E8FUL, SegmentSize);

    public static readonly ClusterIdentity OtherCluster = new(0x0102_0304_0506_0708UL, SegmentSize);

    public static byte[] LongPageHeader(ulong systemIdentifier, ulong pageAddress, uint segmentSize, ushort info = WalLongPageHeader.LongHeaderFlag, uint timeline = 1) =>
        new WalLongPageHeader(WalLongPageHeader.Pg15Magic, info, timeline, new Lsn(pageAddress), 0, systemIdentifier, segmentSize, WalLongPageHeader.DefaultBlockSize).ToBytes();

    /// <summary>The WAL bytes of [start, start + length) for <paramref name="identity"/>, headers included.</summary>
    public static byte[] Bytes(ClusterIdentity identity, Lsn start, int length) =>
        new SyntheticWal(identity.SystemIdentifier, identity.SegmentSize).Read(start, length);

    /// <summary>The whole of segment <paramref name="segmentNumber"/> as the primary would have it.</summary>
    public static byte[] Segment(ClusterIdentity identity, ulong segmentNumber) =>
        Bytes(identity, WalFileName.SegmentStart(segmentNumber, identity.SegmentSize), identity.SegmentSize);

    public static Lsn SegmentStart(ulong segmentNumber, int segmentSize = SegmentSize) => WalFileName.SegmentStart(segmentNumber, segmentSize);

    public static string Name(ulong segmentNumber, uint timeline = 1, int segmentSize = SegmentSize) => WalFileName.Segment(timeline, segmentNumber, segmentSize);

    public static string PartialName(ulong segmentNumber, uint timeline = 1, int segmentSize = SegmentSize) => Name(segmentNumber, timeline, segmentSize) + WalFileName.PartialSuffix;

    /// <summary>
    /// Writes a segment file into <paramref name="directory"/> the way an earlier run (or
    /// pg_receivewal) would have left it: the header of <paramref name="identity"/> at the start,
    /// then <paramref name="fileLength"/> bytes in all (sparse after the first page).
    /// </summary>
    public static string WriteSegmentFile(string directory, string fileName, ClusterIdentity identity, ulong segmentNumber, long fileLength)
    {
        string path = Path.Combine(directory, fileName);
        byte[] firstPage = Bytes(identity, WalFileName.SegmentStart(segmentNumber, identity.SegmentSize), (int)Math.Min(fileLength, BlockSize));
        using (var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write))
        {
            stream.Write(firstPage);
            stream.SetLength(fileLength);
        }

        return path;
    }

    /// <summary>A file whose name looks like a segment but whose content is what the caller says.</summary>
    public static string WriteFile(string directory, string fileName, ReadOnlySpan<byte> content)
    {
        string path = Path.Combine(directory, fileName);
        File.WriteAllBytes(path, content.ToArray());
        return path;
    }

    /// <summary>An index of the first differing byte, for messages that say where a file went wrong.</summary>
    public static void AssertBytesEqual(ReadOnlySpan<byte> expected, ReadOnlySpan<byte> actual, string what)
    {
        Assert.True(expected.Length == actual.Length, $"{what}: expected {expected.Length} bytes, found {actual.Length}");
        int mismatch = expected.CommonPrefixLength(actual);
        Assert.True(mismatch == expected.Length, $"{what}: first difference at offset {mismatch} (0x{mismatch:X}): expected 0x{(mismatch < expected.Length ? expected[mismatch] : 0):X2}, found 0x{(mismatch < actual.Length ? actual[mismatch] : 0):X2}");
    }

    public static void AssertAllZero(ReadOnlySpan<byte> bytes, string what)
    {
        int nonZero = bytes.IndexOfAnyExcept((byte)0);
        Assert.True(nonZero < 0, $"{what}: expected only zeros, found 0x{(nonZero >= 0 ? bytes[nonZero] : 0):X2} at offset {nonZero}");
    }
}
