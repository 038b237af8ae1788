using StandbyAgent.Protocol;
using StandbyAgent.Protocol.Replication;

namespace StandbyAgent.Testing;

/// <summary>
/// Checks that a receiver holds a stretch of WAL: every byte of it in its segment files, the
/// complete one (NAME) or the one in progress (NAME.partial in an archive, NAME in a pg_wal),
/// equal to the primary's byte. This is how a reported flush position is held to account.
/// </summary>
public static class ReceivedWal
{
    /// <summary>
    /// The first byte of [<paramref name="from"/>, <paramref name="upTo"/>) that
    /// <paramref name="directory"/> lacks or holds wrong, described; null when it holds them all.
    /// </summary>
    public static string? FindLoss(string directory, string primaryWalDirectory, uint timeline, int segmentSize, Lsn from, Lsn upTo)
    {
        if (upTo <= from)
        {
            return null;
        }

        ulong first = WalFileName.SegmentNumber(from, segmentSize);
        ulong last = WalFileName.SegmentNumber(new Lsn(upTo.Value - 1), segmentSize);
        for (ulong segment = first; segment <= last; segment++)
        {
            Lsn start = WalFileName.SegmentStart(segment, segmentSize);
            long offset = (long)(Lsn.Max(from, start) - start);
            long end = (long)(Lsn.Min(upTo, start + (ulong)segmentSize) - start);
            string name = WalFileName.Segment(timeline, segment, segmentSize);
            string? received = Existing(Path.Combine(directory, name)) ?? Existing(Path.Combine(directory, name + WalFileName.PartialSuffix));
            if (received is null)
            {
                return $"segment {name} is missing, although WAL up to {upTo} should be there";
            }

            if (FirstDifference(received, Path.Combine(primaryWalDirectory, name), offset, end) is long at)
            {
                return $"{Path.GetFileName(received)} differs from the primary's {name} at byte {at} ({start + (ulong)at}), although WAL up to {upTo} should be there";
            }
        }

        return null;
    }

    private static string? Existing(string path) => File.Exists(path) ? path : null;

    private static long? FirstDifference(string receivedPath, string primaryPath, long offset, long end)
    {
        int length = checked((int)(end - offset));
        byte[] received = ReadRange(receivedPath, offset, length);
        byte[] primary = ReadRange(primaryPath, offset, length);
        int same = received.AsSpan().CommonPrefixLength(primary);
        return same == length ? null : offset + same;
    }

    /// <summary>The bytes there are in the range: a file that ends early reads short, and so differs.</summary>
    private static byte[] ReadRange(string path, long offset, int length)
    {
        using FileStream file = File.OpenRead(path);
        file.Position = offset;
        byte[] bytes = new byte[length];
        int read = file.ReadAtLeast(bytes, length, throwOnEndOfStream: false);
        return bytes[..read];
    }
}
