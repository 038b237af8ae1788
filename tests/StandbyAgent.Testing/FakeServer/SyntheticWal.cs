using StandbyAgent.Protocol;

namespace StandbyAgent.Testing.FakeServer;

/// <summary>
/// WAL as a fake server streams it: every segment starts with the long page header of this
/// cluster (the writer refuses a segment whose first page names another one), and every other
/// byte is a function of its own position, so a received file can be compared byte by byte and
/// a byte written at the wrong offset or into the wrong segment shows.
/// </summary>
public sealed class SyntheticWal
{
    public SyntheticWal(ulong systemIdentifier, int segmentSize, uint timeline = 1)
    {
        SystemIdentifier = systemIdentifier;
        SegmentSize = segmentSize;
        Timeline = timeline;
    }

    public ulong SystemIdentifier { get; }

    public int SegmentSize { get; }

    /// <summary>Goes into the page headers only: timelines share their WAL up to a switch point.</summary>
    public uint Timeline { get; }

    public Lsn SegmentStart(ulong segmentNumber) => new(segmentNumber * (ulong)SegmentSize);

    public WalLongPageHeader HeaderOf(ulong segmentNumber) =>
        WalLongPageHeader.ForSegment(SystemIdentifier, Timeline, SegmentStart(segmentNumber), SegmentSize);

    /// <summary>The whole segment, as the server's own file holds it.</summary>
    public byte[] Segment(ulong segmentNumber) => Read(SegmentStart(segmentNumber), SegmentSize);

    /// <summary>The WAL bytes in [<paramref name="start"/>, <paramref name="start"/> + <paramref name="length"/>).</summary>
    public byte[] Read(Lsn start, int length)
    {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++)
        {
            bytes[i] = PatternByte(start.Value + (ulong)i);
        }

        ulong end = start.Value + (ulong)length;
        ulong firstSegment = start.Value / (ulong)SegmentSize;
        for (ulong segment = firstSegment; SegmentStart(segment).Value < end; segment++)
        {
            OverlayHeader(bytes, start, segment);
        }

        return bytes;
    }

    /// <summary>A multiplicative hash of the position: no period a segment size could hide.</summary>
    public static byte PatternByte(ulong lsn) => (byte)(unchecked(lsn * 0x9E37_79B9_7F4A_7C15UL) >> 56);

    private void OverlayHeader(byte[] bytes, Lsn start, ulong segment)
    {
        byte[] header = HeaderOf(segment).ToBytes();
        long headerOffset = (long)SegmentStart(segment).Value - (long)start.Value;
        for (int i = 0; i < header.Length; i++)
        {
            long target = headerOffset + i;
            if (target >= 0 && target < bytes.Length)
            {
                bytes[target] = header[i];
            }
        }
    }
}
