using System.Buffers.Binary;
using StandbyAgent.Protocol;

namespace StandbyAgent.Testing.FakeServer;

/// <summary>
/// XLogLongPageHeaderData, the first 40 bytes of every WAL segment, in the server's byte order
/// (little-endian): magic u16 at 0, info u16 at 2, timeline u32 at 4, page address u64 at 8,
/// remaining length u32 at 16 (then 4 bytes of padding), system identifier u64 at 24,
/// segment size u32 at 32, block size u32 at 36.
/// </summary>
public readonly record struct WalLongPageHeader(
    ushort Magic,
    ushort Info,
    uint Timeline,
    Lsn PageAddress,
    uint RemainingLength,
    ulong SystemIdentifier,
    uint SegmentSize,
    uint BlockSize)
{
    public const int Length = 40;

    /// <summary>XLOG_PAGE_MAGIC of PostgreSQL 15.</summary>
    public const ushort Pg15Magic = 0xD110;

    /// <summary>XLP_LONG_HEADER: this page starts a segment and carries the long header.</summary>
    public const ushort LongHeaderFlag = 0x0002;

    public const uint DefaultBlockSize = 8192;

    /// <summary>The header a real server writes at the start of a segment.</summary>
    public static WalLongPageHeader ForSegment(ulong systemIdentifier, uint timeline, Lsn segmentStart, int segmentSize) =>
        new(Pg15Magic, LongHeaderFlag, timeline, segmentStart, 0, systemIdentifier, checked((uint)segmentSize), DefaultBlockSize);

    public byte[] ToBytes()
    {
        byte[] bytes = new byte[Length];
        Span<byte> header = bytes;
        BinaryPrimitives.WriteUInt16LittleEndian(header, Magic);
        BinaryPrimitives.WriteUInt16LittleEndian(header[2..], Info);
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], Timeline);
        BinaryPrimitives.WriteUInt64LittleEndian(header[8..], PageAddress.Value);
        BinaryPrimitives.WriteUInt32LittleEndian(header[16..], RemainingLength);
        BinaryPrimitives.WriteUInt64LittleEndian(header[24..], SystemIdentifier);
        BinaryPrimitives.WriteUInt32LittleEndian(header[32..], SegmentSize);
        BinaryPrimitives.WriteUInt32LittleEndian(header[36..], BlockSize);
        return bytes;
    }
}
