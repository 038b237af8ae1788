using Microsoft.Win32.SafeHandles;
using StandbyAgent.Protocol;
using StandbyAgent.Protocol.Replication;

namespace StandbyAgent.Storage;

/// <summary>
/// A segment open for writing: its final name, the name it has while incomplete, and its place
/// in WAL. The handle is shared by the writer (pwritev) and the durability worker (fdatasync);
/// the worker closes it once the segment is complete.
/// </summary>
public sealed class SegmentFile : IDisposable
{
    /// <param name="directory">The WAL directory.</param>
    /// <param name="timeline">The timeline that names the file.</param>
    /// <param name="segmentNumber">The segment's number.</param>
    /// <param name="segmentSize">The segment size in bytes.</param>
    /// <param name="inProgressName">The name the file has while incomplete.</param>
    /// <param name="handle">The open file.</param>
    /// <param name="unpublishedPath">Where a fresh file waits under a temp name; null when it already has its in-progress name.</param>
    public SegmentFile(string directory, uint timeline, ulong segmentNumber, int segmentSize, string inProgressName, SafeFileHandle handle, string? unpublishedPath)
    {
        UnpublishedPath = unpublishedPath;
        Timeline = timeline;
        SegmentNumber = segmentNumber;
        SegmentSize = segmentSize;
        Name = WalFileName.Segment(timeline, segmentNumber, segmentSize);
        InProgressPath = Path.Combine(directory, inProgressName);
        FinalPath = Path.Combine(directory, Name);
        Handle = handle;
        Start = WalFileName.SegmentStart(segmentNumber, segmentSize);
    }

    public uint Timeline { get; }

    public ulong SegmentNumber { get; }

    public int SegmentSize { get; }

    /// <summary>The final name, such as 000000010000000000000003.</summary>
    public string Name { get; }

    /// <summary>Where the file is while it is being written: NAME.partial in an archive, NAME in pg_wal.</summary>
    public string InProgressPath { get; }

    public string FinalPath { get; }

    public SafeFileHandle Handle { get; }

    public Lsn Start { get; }

    public Lsn End => Start + (ulong)SegmentSize;

    /// <summary>
    /// Where a fresh file is until <see cref="WalDirectory.PublishSegment"/> gives it its
    /// in-progress name; null once it has it. A segment name on disk must mean that every segment
    /// before it is complete and durable, because streaming resumes from the highest one.
    /// </summary>
    public string? UnpublishedPath { get; private set; }

    /// <summary>
    /// When this file got its current name, counted in the directory's renames. Until a directory
    /// fsync covers that rename, an fsync of the data proves nothing after a crash: the name may be gone.
    /// </summary>
    public long RenameTicket { get; private set; }

    public void Dispose() => Handle.Dispose();

    internal void Named(long renameTicket)
    {
        UnpublishedPath = null;
        RenameTicket = renameTicket;
    }

    public override string ToString() => Name;
}
