namespace StandbyAgent.Storage;

/// <summary>How a fresh segment file gets its 16 MiB (or whatever the segment size is) before WAL lands in it.</summary>
public enum SegmentFill
{
    /// <summary>
    /// Written full of zeros (and fsynced, when syncing): every block is allocated and initialized,
    /// so an fdatasync inside the segment flushes data and no metadata. For receivers that fsync
    /// every few kilobytes: a synchronous standby, a standby's pg_wal.
    /// </summary>
    Zeros,

    /// <summary>
    /// Blocks reserved with posix_fallocate, left unwritten: the segment is not written twice. An
    /// fdatasync then also records which blocks now hold data, a small cost when it comes once per
    /// segment (or per status interval) and none without fsync. A full disk still fails up front.
    /// </summary>
    Allocate,
}
