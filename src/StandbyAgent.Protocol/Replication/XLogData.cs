using System.Buffers;
using System.Buffers.Binary;

namespace StandbyAgent.Protocol.Replication;

/// <summary>
/// XLogData, the CopyData payload that carries WAL:
/// <c>'w'</c>, Int64 dataStart, Int64 walEnd, Int64 sendTime, then the WAL bytes.
/// <see cref="Data"/> is a slice of the receive buffer: nothing is copied.
/// </summary>
public readonly struct XLogData
{
    /// <summary>Code byte + dataStart (8) + walEnd (8) + sendTime (8).</summary>
    public const int HeaderLength = 25;

    private XLogData(Lsn dataStart, Lsn walEnd, long sendTime, ReadOnlySequence<byte> data)
    {
        DataStart = dataStart;
        WalEnd = walEnd;
        SendTime = sendTime;
        Data = data;
    }

    /// <summary>Position of the first WAL byte in <see cref="Data"/>.</summary>
    public Lsn DataStart { get; }

    /// <summary>
    /// The server's end of WAL when it sent this message. Not the end of this message: never
    /// report it as written or flushed.
    /// </summary>
    public Lsn WalEnd { get; }

    /// <summary>Server clock, microseconds since 2000-01-01 UTC.</summary>
    public long SendTime { get; }

    public ReadOnlySequence<byte> Data { get; }

    /// <summary>Position just after the last byte of this message.</summary>
    public Lsn DataEnd => DataStart + (ulong)Data.Length;

    /// <param name="copyData">A CopyData payload whose first byte is 'w'.</param>
    public static XLogData Parse(ReadOnlySequence<byte> copyData)
    {
        if (copyData.Length < HeaderLength)
        {
            throw new ProtocolViolationException(
                $"streaming header too small: an XLogData message of {copyData.Length} bytes, at least {HeaderLength} expected");
        }

        // The header is almost always inside the first block of the receive buffer.
        Span<byte> copy = stackalloc byte[HeaderLength];
        scoped ReadOnlySpan<byte> header = copyData.FirstSpan;
        if (header.Length < HeaderLength)
        {
            copyData.Slice(0, HeaderLength).CopyTo(copy);
            header = copy;
        }

        var dataStart = new Lsn(BinaryPrimitives.ReadUInt64BigEndian(header[1..]));
        var walEnd = new Lsn(BinaryPrimitives.ReadUInt64BigEndian(header[9..]));
        long sendTime = BinaryPrimitives.ReadInt64BigEndian(header[17..]);
        ReadOnlySequence<byte> data = copyData.Slice(HeaderLength);
        if (dataStart.Value > ulong.MaxValue - (ulong)data.Length)
        {
            throw new ProtocolViolationException($"XLogData at {dataStart} with {data.Length} bytes runs past the end of the WAL address space");
        }

        return new XLogData(dataStart, walEnd, sendTime, data);
    }
}
