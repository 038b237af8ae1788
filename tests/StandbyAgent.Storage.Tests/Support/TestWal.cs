using System.Buffers.Binary;

namespace StandbyAgent.Storage.Tests.Support;

/// <summary>
/// Synthetic WAL: every byte is a function of its LSN, and every segment starts with a long page
/// header (XLogLongPageHeaderData, little-endian) naming the cluster and the segment, written here
/// field by field from PostgreSQL's layout rather than taken from the code under test.
/// </summary>
public static class TestWal
{
    /// <summary>The smallest legal segment size, to keep the tests fast.</summary>
    public const int SegmentSize = 1024 * 1024;

    public const int LongPageHeaderLength = 40;

    public const ushort LongHeaderFlag = 0x0002;

    /// <summary>XLOG_PAGE_MAGIC of PostgreSQL 17; the code under test does not look at it.</summary>
    public const ushort PageMagic = 0xD116;

    public const int BlockSize = 8192;

    public static readonly ClusterIdentity Identity = new(0x6F3E_2A1B_5C4D_7E8FUL, SegmentSize);

    public static readonly ClusterIdentity OtherCluster = new(0x0102_0304_0506_0708UL, SegmentSize);

    /// <summary>
    /// xlp_magic (2), xlp_info (2), xlp_tli (4), xlp_pageaddr (8), xlp_rem_len (4), padding (4),
    /// xlp_sysid (8), xlp_seg_size (4), xlp_xlog_blcksz (4).
    /// </summary>
    public static byte[] LongPageHeader(ulong systemIdentifier, ulong pageAddress, uint segmentSize, ushort info = LongHeaderFlag, uint timeline = 1)
    {
        byte[] header = new byte[LongPageHeaderLength];
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(0), PageMagic);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(2), info);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(4), timeline);
        BinaryPrimitives.WriteUInt64LittleEndian(header.AsSpan(8), pageAddress);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(16), 0);
        BinaryPrimitives.WriteUInt64LittleEndian(header.AsSpan(24), systemIdentifier);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(32), segmentSize);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(36), BlockSize);
        return header;
    }

    /// <summary>The WAL bytes of [start, start + length) for <paramref name="identity"/>, headers included.</summary>
    public static byte[] Bytes(ClusterIdentity identity, Lsn start, int length)
    {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++)
        {
            bytes[i] = PatternByte(start.Value + (ulong)i);
        }

        ulong segmentSize = (ulong)identity.SegmentSize;
        ulong end = start.Value + (ulong)length;
        ulong firstSegmentStart = start.Value / segmentSize * segmentSize;
        for (ulong segmentStart = firstSegmentStart; segmentStart < end; segmentStart += segmentSize)
        {
            byte[] header = LongPageHeader(identity.SystemIdentifier, segmentStart, (uint)identity.SegmentSize);
            for (int i = 0; i < header.Length; i++)
            {
                ulong lsn = segmentStart + (ulong)i;
                if (lsn >= start.Value && lsn < end)
                {
                    bytes[(int)(lsn - start.Value)] = header[i];
                }
            }
        }

        return bytes;
    }

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

    /// <summary>A byte that depends on every part of the LSN, so a shifted or misplaced write shows.</summary>
    private static byte PatternByte(ulong lsn) => unchecked((byte)((lsn * 0x9E37_79B9_7F4A_7C15UL) >> 56));
}
