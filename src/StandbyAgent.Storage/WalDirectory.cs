using System.Buffers.Binary;
using Microsoft.Extensions.Logging;
using Microsoft.Win32.SafeHandles;
using StandbyAgent.Protocol;
using StandbyAgent.Protocol.Replication;

namespace StandbyAgent.Storage;

/// <summary>
/// A directory of WAL segments with pg_receivewal's conventions: a segment being written is
/// <c>NAME.partial</c>, complete segments carry their final name, history files are written
/// through a temp file. It holds an exclusive lock for the life of the agent, pins the cluster's
/// identity, and decides where streaming resumes.
/// </summary>
public sealed class WalDirectory : IDisposable
{
    public const string LockFileName = "standby-agent.lock";

    /// <summary>Suffix of files that are not yet durable under their real name.</summary>
    private const string TempSuffix = ".tmp";

    /// <summary>XLogLongPageHeaderData: xlp_info at 2, xlp_pageaddr at 8, xlp_sysid at 24, xlp_seg_size at 32.</summary>
    private const int LongPageHeaderLength = 40;
    private const ushort LongHeaderFlag = 0x0002;

    /// <summary>WAL is as private as the cluster's own files (pg_receivewal: 0600 without group access).</summary>
    private const UnixFileMode PrivateFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private readonly FileStream _lock;
    private readonly ILogger _logger;
    private long _renameTicket;
    private long _durableRenameTicket;

    private WalDirectory(string path, bool sync, FileStream lockFile, ILogger logger)
    {
        Path = path;
        Sync = sync;
        _lock = lockFile;
        _logger = logger;
    }

    public string Path { get; }

    /// <summary>False with --no-sync: nothing is fsynced and nothing is ever reported flushed.</summary>
    public bool Sync { get; }

    /// <summary>Opens an existing directory and takes its lock; a second agent on it is refused.</summary>
    public static WalDirectory Open(string path, bool sync, ILogger logger)
    {
        string fullPath = System.IO.Path.GetFullPath(path);
        if (!Directory.Exists(fullPath))
        {
            throw new WalStorageException($"could not access directory \"{path}\": it does not exist; create it first");
        }

        FileStream lockFile;
        try
        {
            // FileShare.None takes an exclusive advisory lock on Unix; it dies with the process.
            lockFile = new FileStream(
                System.IO.Path.Combine(fullPath, LockFileName),
                new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.None, UnixCreateMode = PrivateFile });
        }
        catch (IOException ex)
        {
            throw new WalStorageException($"the WAL directory \"{path}\" is in use by another standby-agent process ({ex.Message})", ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new WalStorageException($"cannot write to the WAL directory \"{path}\": {ex.Message}", ex);
        }

        var directory = new WalDirectory(fullPath, sync, lockFile, logger);
        directory.RemoveStaleTempFiles();
        return directory;
    }

    /// <summary>
    /// Refuses a server whose system identifier or segment size differs from the one this
    /// directory belongs to; records them on first contact. Nothing is written before this passes.
    /// </summary>
    public void VerifyIdentity(ClusterIdentity server)
    {
        string path = System.IO.Path.Combine(Path, ClusterIdentity.FileName);
        ClusterIdentity? recorded = File.Exists(path) ? ClusterIdentity.Parse(File.ReadAllText(path), path) : IdentityFromSegments(server.SegmentSize);
        if (recorded is not null)
        {
            if (recorded.SystemIdentifier != server.SystemIdentifier)
            {
                throw new ClusterMismatchException(
                    $"the WAL in \"{Path}\" belongs to database system {recorded.SystemIdentifier}, but the server is database system {server.SystemIdentifier}; refusing to write. Point the agent at the primary this directory belongs to, or use an empty directory for the new one.");
            }

            if (recorded.SegmentSize != server.SegmentSize)
            {
                throw new ClusterMismatchException(
                    $"the WAL in \"{Path}\" has {recorded.SegmentSize}-byte segments, but the server uses {server.SegmentSize}-byte segments; refusing to write.");
            }

            if (File.Exists(path))
            {
                return;
            }
        }

        WriteDurably(ClusterIdentity.FileName, server.ToBytes());
        StorageLog.IdentityRecorded(_logger, server.SystemIdentifier, Path);
    }

    /// <summary>
    /// pg_receivewal's FindStreamingStart: the highest segment on disk (by segment, then timeline,
    /// complete before partial) decides. A complete one means "start at the next segment", a
    /// partial one "stream that segment again from its first byte". Null for an empty directory.
    /// </summary>
    public StreamingStart? FindStreamingStart(int segmentSize)
    {
        (ulong Segment, uint Timeline, bool Partial, string Name)? best = null;
        foreach (string file in Directory.EnumerateFiles(Path))
        {
            string name = System.IO.Path.GetFileName(file);
            if (!WalFileName.TryParseSegment(name, segmentSize, out uint timeline, out ulong segment, out bool partial))
            {
                continue;
            }

            if (!partial && new FileInfo(file).Length != segmentSize)
            {
                StorageLog.IgnoringWrongSize(_logger, name, new FileInfo(file).Length, segmentSize);
                continue;
            }

            var candidate = (segment, timeline, partial, name);
            if (best is null || IsLater(candidate, best.Value))
            {
                best = candidate;
            }
        }

        if (best is not { } found)
        {
            return null;
        }

        return found.Partial
            ? new StreamingStart(found.Timeline, WalFileName.SegmentStart(found.Segment, segmentSize), $"resuming partial segment {found.Name}")
            : new StreamingStart(found.Timeline, WalFileName.SegmentStart(found.Segment + 1, segmentSize), $"continuing after complete segment {found.Name}");

        static bool IsLater((ulong Segment, uint Timeline, bool Partial, string) a, (ulong Segment, uint Timeline, bool Partial, string) b) =>
            a.Segment != b.Segment ? a.Segment > b.Segment
            : a.Timeline != b.Timeline ? a.Timeline > b.Timeline
            : b.Partial && !a.Partial;
    }

    public bool HasHistoryFile(uint timeline) =>
        timeline == 1 || File.Exists(System.IO.Path.Combine(Path, WalFileName.History(timeline)));

    /// <summary>Writes a timeline history file under the name computed for its timeline, durably.</summary>
    public void WriteHistoryFile(TimelineHistoryFile history)
    {
        WriteDurably(WalFileName.History(history.Timeline), history.Content);
        StorageLog.HistoryFileWritten(_logger, history.FileName);
    }

    /// <summary>
    /// Opens the segment for writing as NAME.partial. An existing partial of full size is reused
    /// (and fsynced, in case a crash left its pages unwritten); anything else is replaced by a fresh
    /// zero-filled file, prepared under a temp name so a crash never leaves a short segment.
    /// </summary>
    public SegmentFile OpenSegment(uint timeline, ulong segmentNumber, int segmentSize)
    {
        string name = WalFileName.Segment(timeline, segmentNumber, segmentSize);
        string partialName = name + WalFileName.PartialSuffix;
        string partialPath = System.IO.Path.Combine(Path, partialName);
        if (File.Exists(partialPath) && new FileInfo(partialPath).Length == segmentSize)
        {
            SafeFileHandle existing = OpenForWrite(partialPath, FileMode.Open);
            if (Sync)
            {
                DurableFileSystem.SyncFile(existing, partialPath);
            }

            StorageLog.ReusingPartialSegment(_logger, partialName);
            // Its name may never have been made durable by the process that created it.
            return new SegmentFile(Path, timeline, segmentNumber, segmentSize, partialName, existing) { RenameTicket = NextRenameTicket() };
        }

        if (File.Exists(partialPath))
        {
            StorageLog.ReplacingShortPartial(_logger, partialName, new FileInfo(partialPath).Length, segmentSize);
        }

        string tempPath = partialPath + TempSuffix;
        SafeFileHandle handle = OpenForWrite(tempPath, FileMode.Create);
        try
        {
            DurableFileSystem.WriteZeros(handle, tempPath, 0, segmentSize);
            if (Sync)
            {
                DurableFileSystem.SyncFile(handle, tempPath);
            }

            DurableFileSystem.Rename(tempPath, partialPath);
        }
        catch
        {
            handle.Dispose();
            File.Delete(tempPath);
            throw;
        }

        return new SegmentFile(Path, timeline, segmentNumber, segmentSize, partialName, handle) { RenameTicket = NextRenameTicket() };
    }

    /// <summary>fdatasync of the segment, and of the directory while the segment's name is not yet durable.</summary>
    public void SyncSegment(SegmentFile segment)
    {
        if (!Sync)
        {
            return;
        }

        DurableFileSystem.SyncFile(segment.Handle, segment.PartialPath);
        EnsureNameDurable(segment);
    }

    /// <summary>A full segment: fsync, rename NAME.partial to NAME, fsync the directory, close.</summary>
    public void CompleteSegment(SegmentFile segment)
    {
        SyncSegment(segment);
        DurableFileSystem.Rename(segment.PartialPath, segment.FinalPath);
        long ticket = NextRenameTicket();
        if (Sync)
        {
            SyncDirectoryUpTo(ticket);
        }

        segment.Dispose();
    }

    /// <summary>An incomplete segment at the end of streaming: fsynced and kept as NAME.partial.</summary>
    public void CloseIncompleteSegment(SegmentFile segment)
    {
        SyncSegment(segment);
        segment.Dispose();
    }

    public void Dispose() => _lock.Dispose();

    private void EnsureNameDurable(SegmentFile segment)
    {
        if (segment.RenameTicket > Interlocked.Read(ref _durableRenameTicket))
        {
            SyncDirectoryUpTo(Interlocked.Read(ref _renameTicket));
        }
    }

    /// <summary>A directory fsync makes every rename issued before it durable.</summary>
    private void SyncDirectoryUpTo(long ticket)
    {
        DurableFileSystem.SyncDirectory(Path);
        long durable = Interlocked.Read(ref _durableRenameTicket);
        while (ticket > durable)
        {
            long seen = Interlocked.CompareExchange(ref _durableRenameTicket, ticket, durable);
            if (seen == durable)
            {
                break;
            }

            durable = seen;
        }
    }

    private long NextRenameTicket() => Interlocked.Increment(ref _renameTicket);

    /// <summary>Small files: temp name, write, fsync, rename, fsync the directory.</summary>
    private void WriteDurably(string fileName, ReadOnlySpan<byte> content)
    {
        string path = System.IO.Path.Combine(Path, fileName);
        string tempPath = path + TempSuffix;
        using (SafeFileHandle handle = OpenForWrite(tempPath, FileMode.Create))
        {
            RandomAccess.Write(handle, content, 0);
            if (Sync)
            {
                DurableFileSystem.SyncFile(handle, tempPath);
            }
        }

        DurableFileSystem.Rename(tempPath, path);
        long ticket = NextRenameTicket();
        if (Sync)
        {
            SyncDirectoryUpTo(ticket);
        }
    }

    private ClusterIdentity? IdentityFromSegments(int segmentSize)
    {
        StreamingStart? newest = FindStreamingStart(segmentSize);
        if (newest is null)
        {
            return null;
        }

        // A directory filled before the identity file existed (by an older run, or by
        // pg_receivewal): the newest segment's first page says whose WAL it is.
        foreach (string file in Directory.EnumerateFiles(Path))
        {
            string name = System.IO.Path.GetFileName(file);
            if (WalFileName.TryParseSegment(name, segmentSize, out _, out _, out _) && ReadLongPageHeader(file) is { } identity)
            {
                return identity;
            }
        }

        return null;
    }

    private static ClusterIdentity? ReadLongPageHeader(string path)
    {
        Span<byte> header = stackalloc byte[LongPageHeaderLength];
        using SafeFileHandle handle = File.OpenHandle(path);
        if (RandomAccess.Read(handle, header, 0) < LongPageHeaderLength)
        {
            return null;
        }

        // WAL pages are in the server's byte order, little-endian on every platform this runs on.
        ushort info = BinaryPrimitives.ReadUInt16LittleEndian(header[2..]);
        ulong systemIdentifier = BinaryPrimitives.ReadUInt64LittleEndian(header[24..]);
        uint segmentSize = BinaryPrimitives.ReadUInt32LittleEndian(header[32..]);
        return (info & LongHeaderFlag) != 0 && systemIdentifier != 0 ? new ClusterIdentity(systemIdentifier, (int)segmentSize) : null;
    }

    private static SafeFileHandle OpenForWrite(string path, FileMode mode)
    {
        try
        {
            SafeFileHandle handle = File.OpenHandle(path, mode, FileAccess.ReadWrite, FileShare.Read, FileOptions.None);
            if (mode != FileMode.Open)
            {
                File.SetUnixFileMode(handle, PrivateFile);
            }

            return handle;
        }
        catch (IOException ex)
        {
            throw new WalStorageException($"could not open \"{path}\": {ex.Message}", ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new WalStorageException($"could not open \"{path}\": {ex.Message}", ex);
        }
    }

    private void RemoveStaleTempFiles()
    {
        foreach (string file in Directory.EnumerateFiles(Path, "*" + TempSuffix))
        {
            File.Delete(file);
            StorageLog.RemovedTempFile(_logger, System.IO.Path.GetFileName(file));
        }
    }
}
