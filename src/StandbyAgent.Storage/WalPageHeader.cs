using System.Buffers.Binary;
using Microsoft.Win32.SafeHandles;
using StandbyAgent.Protocol;

namespace StandbyAgent.Storage;

/// <summary>
/// The long page header at the start of every segment (XLogLongPageHeaderData, in the server's
/// byte order: little-endian on every platform this runs on): info flags at 2, the page's own WAL
/// address at 8, the system identifier at 24, the segment size at 32.
/// </summary>
public readonly record struct WalPageHeader(bool IsLongHeader, Lsn PageAddress, ulong SystemIdentifier, uint SegmentSize)
{
    public const int LongHeaderLength = 40;

    private const ushort LongHeaderFlag = 0x0002;

    public static WalPageHeader Parse(ReadOnlySpan<byte> header) =>
        new(
            (BinaryPrimitives.ReadUInt16LittleEndian(header[2..]) & LongHeaderFlag) != 0,
            new Lsn(BinaryPrimitives.ReadUInt64LittleEndian(header[8..])),
            BinaryPrimitives.ReadUInt64LittleEndian(header[24..]),
            BinaryPrimitives.ReadUInt32LittleEndian(header[32..]));

    /// <summary>The header of a segment file on disk, or null when the file is shorter than one.</summary>
    public static WalPageHeader? Read(string path)
    {
        Span<byte> header = stackalloc byte[LongHeaderLength];
        using SafeFileHandle handle = File.OpenHandle(path);
        return RandomAccess.Read(handle, header, 0) == LongHeaderLength ? Parse(header) : null;
    }

    /// <summary>True when this is the first page of the segment that starts at <paramref name="segmentStart"/>.</summary>
    public bool BelongsTo(Lsn segmentStart) => IsLongHeader && PageAddress == segmentStart;
}
