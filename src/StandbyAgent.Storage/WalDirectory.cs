using System.Buffers.Binary;
using Microsoft.Extensions.Logging;
using Microsoft.Win32.SafeHandles;
using StandbyAgent.Protocol;
using StandbyAgent.Protocol.Replication;

namespace StandbyAgent.Storage;

/// <summary>
/// A directory of WAL segments, in one of two conventions (<see cref="WalDirectoryMode"/>). It
/// holds an exclusive lock for the life of the agent, pins the cluster's identity, decides where
/// streaming resumes, and creates, completes and syncs segment files in the order durability needs.
/// </summary>
public sealed class WalDirectory : IDisposable
{
    public const string LockFileName = "standby-agent.lock";

    public const string ArchiveStatusDirectory = "archive_status";

    /// <summary>Suffix of files that are not yet durable under their real name.</summary>
    private const string TempSuffix = ".tmp";

    private const string DoneSuffix = ".done";

    /// <summary>WAL is as private as the cluster's own files (pg_receivewal: 0600 without group access).</summary>
    private const UnixFileMode PrivateFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private const uint PrivateFileMode = (uint)PrivateFile;


    private readonly FileStream _lock;
    private readonly SegmentPreparer _preparer;
    private readonly ILogger _logger;
    private long _renameTicket;
    private long _durableRenameTicket;

    private WalDirectory(string path, WalDirectoryMode mode, bool sync, SegmentFill fill, FileStream lockFile, ILogger logger)
    {
        Path = path;
        Mode = mode;
        Sync = sync;
        _lock = lockFile;
        _preparer = new SegmentPreparer(sync, fill);
        _logger = logger;
    }

    public string Path { get; }

    public WalDirectoryMode Mode { get; }

    /// <summary>False with --no-sync: nothing is fsynced and nothing is ever reported flushed.</summary>
    public bool Sync { get; }

    /// <summary>Opens an existing directory and takes its lock; a second agent on it is refused.</summary>
    /// <param name="fill">How fresh segments are made; zeros unless the caller fsyncs rarely (see <see cref="SegmentFill"/>).</param>
    public static WalDirectory Open(string path, WalDirectoryMode mode, bool sync, ILogger logger, SegmentFill fill = SegmentFill.Zeros)
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

        var directory = new WalDirectory(fullPath, mode, sync, fill, lockFile, logger);
        directory.RemoveStaleTempFiles();
        if (mode == WalDirectoryMode.PgWal)
        {
            Directory.CreateDirectory(System.IO.Path.Combine(fullPath, ArchiveStatusDirectory));
        }

        return directory;
    }

    /// <summary>
    /// Refuses a server whose system identifier or segment size differs from the cluster this
    /// directory belongs to. Nothing is written before this passes.
    /// </summary>
    /// <exception cref="ClusterMismatchException">The server is another cluster.</exception>
    public void VerifyIdentity(ClusterIdentity server)
    {
        ClusterIdentity? recorded = Mode == WalDirectoryMode.Archive ? ReadIdentityFile() ?? IdentityFromSegments() : ReadControlFileIdentity(server.SegmentSize);
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
        }

        if (Mode == WalDirectoryMode.Archive && !File.Exists(IdentityFilePath))
        {
            WriteDurably(ClusterIdentity.FileName, server.ToBytes());
            StorageLog.IdentityRecorded(_logger, server.SystemIdentifier, Path);
        }
    }

    /// <summary>
    /// Where streaming resumes. The highest segment on disk that belongs here decides (by segment,
    /// then timeline, complete before incomplete): a complete one means "start at the next segment",
    /// an incomplete one "stream it again from its first byte". Null when there is none.
    /// </summary>
    public StreamingStart? FindStreamingStart(int segmentSize)
    {
        SegmentOnDisk? best = null;
        foreach (SegmentOnDisk segment in SegmentsOnDisk(segmentSize))
        {
            if (best is null || segment.IsLaterThan(best.Value))
            {
                best = segment;
            }
        }

        if (best is not { } found)
        {
            return null;
        }

        return found.Complete
            ? new StreamingStart(found.Timeline, WalFileName.SegmentStart(found.Segment + 1, segmentSize), $"continuing after complete segment {found.Name}")
            : new StreamingStart(found.Timeline, WalFileName.SegmentStart(found.Segment, segmentSize), $"resuming incomplete segment {found.Name}");
    }

    public bool HasHistoryFile(uint timeline) =>
        timeline == 1 || File.Exists(System.IO.Path.Combine(Path, WalFileName.History(timeline)));

    /// <summary>Writes a timeline history file under the name computed for its timeline, durably.</summary>
    public void WriteHistoryFile(TimelineHistoryFile history)
    {
        string name = WalFileName.History(history.Timeline);
        WriteDurably(name, history.Content);
        if (Mode == WalDirectoryMode.PgWal)
        {
            MarkDone(name);
        }

        StorageLog.HistoryFileWritten(_logger, name);
    }

    /// <summary>
    /// Opens the segment a stream starts in, under its in-progress name. A full-size file of ours
    /// is reused (and fsynced, in case a crash left its pages unwritten); anything else (a short
    /// file from a crash during zero-fill, a segment the server recycled) is replaced by a fresh
    /// zero-filled file, prepared under a temp name so a crash never leaves a short segment.
    /// </summary>
    public SegmentFile OpenSegment(uint timeline, ulong segmentNumber, int segmentSize)
    {
        string inProgressName = InProgressName(WalFileName.Segment(timeline, segmentNumber, segmentSize));
        string path = System.IO.Path.Combine(Path, inProgressName);
        if (IsReusable(path, WalFileName.SegmentStart(segmentNumber, segmentSize), segmentSize))
        {
            SafeFileHandle existing = OpenForWrite(path, FileMode.Open);
            if (Sync)
            {
                DurableFileSystem.SyncFile(existing, path);
            }

            StorageLog.ReusingSegment(_logger, inProgressName);
            var reused = new SegmentFile(Path, timeline, segmentNumber, segmentSize, inProgressName, existing, unpublishedPath: null);

            // Its name may never have been made durable by the process that created it.
            reused.Named(NextRenameTicket());
            return reused;
        }

        SegmentFile fresh = OpenNextSegment(timeline, segmentNumber, segmentSize);
        try
        {
            PublishSegment(fresh);
        }
        catch
        {
            fresh.Dispose();
            File.Delete(fresh.UnpublishedPath!);
            throw;
        }

        return fresh;
    }

    /// <summary>
    /// Opens a fresh, zero-filled file for a segment that follows one whose completion may not be
    /// durable yet. It stays under its temp name (<see cref="SegmentFile.UnpublishedPath"/>) until
    /// <see cref="PublishSegment"/>, called once every segment before it is complete and durable:
    /// otherwise a crash could leave its name behind while the one before it is lost, and
    /// streaming would resume after a gap. Nothing in the way is reused: a file already under
    /// its name is stale (the server's recycled segment, another run's leftover) and is replaced.
    /// </summary>
    public SegmentFile OpenNextSegment(uint timeline, ulong segmentNumber, int segmentSize)
    {
        string inProgressName = InProgressName(WalFileName.Segment(timeline, segmentNumber, segmentSize));
        string path = System.IO.Path.Combine(Path, inProgressName);
        if (File.Exists(path))
        {
            StorageLog.ReplacingSegment(_logger, inProgressName, new FileInfo(path).Length);
        }

        string tempPath = path + TempSuffix;
        _preparer.PrepareAhead(tempPath, segmentSize, OpenForWrite);
        SafeFileHandle handle = _preparer.Take(tempPath)!;
        return new SegmentFile(Path, timeline, segmentNumber, segmentSize, inProgressName, handle, tempPath);
    }

    /// <summary>Gives a fresh segment its in-progress name (replacing whatever had it); made durable by the next sync.</summary>
    public void PublishSegment(SegmentFile segment)
    {
        if (segment.UnpublishedPath is { } tempPath)
        {
            DurableFileSystem.Rename(tempPath, segment.InProgressPath);
            segment.Named(NextRenameTicket());
        }
    }

    /// <summary>Starts preparing the segment that will be opened next, in the background.</summary>
    public void PrepareSegment(uint timeline, ulong segmentNumber, int segmentSize) =>
        _preparer.PrepareAhead(System.IO.Path.Combine(Path, InProgressName(WalFileName.Segment(timeline, segmentNumber, segmentSize))) + TempSuffix, segmentSize, OpenForWrite);

    /// <summary>fdatasync of the segment, and of the directory while the segment's name is not yet durable.</summary>
    public void SyncSegment(SegmentFile segment)
    {
        if (!Sync)
        {
            return;
        }

        DurableFileSystem.SyncFile(segment.Handle, segment.InProgressPath);
        if (segment.RenameTicket > Interlocked.Read(ref _durableRenameTicket))
        {
            SyncDirectoryUpTo(Interlocked.Read(ref _renameTicket));
        }
    }

    /// <summary>
    /// A full segment: fsynced, then marked complete the way the mode says (renamed from
    /// NAME.partial to NAME, or given archive_status/NAME.done), durably, and closed.
    /// </summary>
    public void CompleteSegment(SegmentFile segment)
    {
        SyncSegment(segment);
        if (Mode == WalDirectoryMode.Archive)
        {
            DurableFileSystem.Rename(segment.InProgressPath, segment.FinalPath);
            long ticket = NextRenameTicket();
            if (Sync)
            {
                SyncDirectoryUpTo(ticket);
            }
        }
        else
        {
            MarkDone(segment.Name);
        }

        segment.Dispose();
    }

    /// <summary>An incomplete segment at the end of streaming: fsynced and kept under its in-progress name.</summary>
    public void CloseIncompleteSegment(SegmentFile segment)
    {
        SyncSegment(segment);
        segment.Dispose();
    }

    public void Dispose()
    {
        try
        {
            _preparer.Dispose();
        }
        finally
        {
            _lock.Dispose();
        }
    }

    private string InProgressName(string name) => Mode == WalDirectoryMode.Archive ? name + WalFileName.PartialSuffix : name;

    private string IdentityFilePath => System.IO.Path.Combine(Path, ClusterIdentity.FileName);

    private ClusterIdentity? ReadIdentityFile() =>
        File.Exists(IdentityFilePath) ? ClusterIdentity.Parse(File.ReadAllText(IdentityFilePath), IdentityFilePath) : null;

    /// <summary>
    /// In a data directory the cluster's identity is pg_control's: its first field is the system
    /// identifier in every PostgreSQL version (the segment size is checked against each segment's
    /// page header instead, its place in pg_control varies).
    /// </summary>
    private ClusterIdentity ReadControlFileIdentity(int segmentSize)
    {
        string controlFile = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(Path)!, "global", "pg_control");
        Span<byte> systemIdentifier = stackalloc byte[sizeof(ulong)];
        try
        {
            using SafeFileHandle handle = File.OpenHandle(controlFile);
            if (RandomAccess.Read(handle, systemIdentifier, 0) != systemIdentifier.Length)
            {
                throw new WalStorageException($"\"{controlFile}\" is too short to be a pg_control file");
            }
        }
        catch (IOException ex)
        {
            throw new WalStorageException($"cannot read the standby's control file \"{controlFile}\" ({ex.Message}): --pgdata must be a PostgreSQL data directory made by pg_basebackup", ex);
        }

        return new ClusterIdentity(BinaryPrimitives.ReadUInt64LittleEndian(systemIdentifier), segmentSize);
    }

    /// <summary>
    /// A directory filled before the identity file existed (by an older run, or by pg_receivewal):
    /// the first page of the newest segment-named file says whose WAL it is and its segment size.
    /// Names are read without assuming the server's segment size, so files of another size count.
    /// </summary>
    private ClusterIdentity? IdentityFromSegments()
    {
        IEnumerable<string> newestFirst = Directory.EnumerateFiles(Path)
            .Where(file => IsSegmentLikeName(System.IO.Path.GetFileName(file)))
            .OrderByDescending(file => System.IO.Path.GetFileName(file).AsSpan(8, 16).ToString(), StringComparer.Ordinal)
            .ThenByDescending(file => System.IO.Path.GetFileName(file).AsSpan(0, 8).ToString(), StringComparer.Ordinal);
        foreach (string file in newestFirst)
        {
            if (WalPageHeader.Read(file) is { IsLongHeader: true, SystemIdentifier: not 0 } header)
            {
                return new ClusterIdentity(header.SystemIdentifier, (int)header.SegmentSize);
            }
        }

        return null;

        static bool IsSegmentLikeName(string name) =>
            (name.Length == WalFileName.SegmentNameLength
             || (name.Length == WalFileName.SegmentNameLength + WalFileName.PartialSuffix.Length && name.EndsWith(WalFileName.PartialSuffix, StringComparison.Ordinal)))
            && !name.AsSpan(0, WalFileName.SegmentNameLength).ContainsAnyExcept("0123456789ABCDEF");
    }

    /// <summary>
    /// The segments that belong to this directory's stream, with whether each is complete.
    /// Archive: pg_receivewal's rules (a complete file must be full-size; NAME.partial is incomplete).
    /// pg_wal: a segment is complete when archive_status holds NAME.done or NAME.ready; an incomplete
    /// one counts only if its first page is its own, because the server preallocates and recycles
    /// segments under future names.
    /// </summary>
    private IEnumerable<SegmentOnDisk> SegmentsOnDisk(int segmentSize)
    {
        foreach (string file in Directory.EnumerateFiles(Path))
        {
            string name = System.IO.Path.GetFileName(file);
            if (!WalFileName.TryParseSegment(name, segmentSize, out uint timeline, out ulong segment, out bool partial))
            {
                continue;
            }

            if (Mode == WalDirectoryMode.Archive)
            {
                if (!partial && new FileInfo(file).Length != segmentSize)
                {
                    StorageLog.IgnoringWrongSize(_logger, name, new FileInfo(file).Length, segmentSize);
                    continue;
                }

                yield return new SegmentOnDisk(segment, timeline, !partial, name, file);
            }
            else if (!partial)
            {
                bool complete = File.Exists(StatusPath(name, DoneSuffix)) || File.Exists(StatusPath(name, ".ready"));
                if (complete || IsOwnSegment(file, WalFileName.SegmentStart(segment, segmentSize), segmentSize))
                {
                    yield return new SegmentOnDisk(segment, timeline, complete, name, file);
                }
            }
        }
    }

    /// <summary>
    /// A full-size file that can be written into again: in an archive any (it is ours by its name);
    /// in pg_wal one whose first page is this segment's own, or still all zeros (a preallocated file).
    /// </summary>
    private bool IsReusable(string path, Lsn segmentStart, int segmentSize) =>
        IsFullSize(path, segmentSize)
        && (Mode == WalDirectoryMode.Archive || WalPageHeader.Read(path) is { } header && (header.BelongsTo(segmentStart) || header == default));

    /// <summary>A full-size file that holds WAL of this segment: a point streaming has reached.</summary>
    private static bool IsOwnSegment(string path, Lsn segmentStart, int segmentSize) =>
        IsFullSize(path, segmentSize) && WalPageHeader.Read(path) is { } header && header.BelongsTo(segmentStart);

    private static bool IsFullSize(string path, int segmentSize) => File.Exists(path) && new FileInfo(path).Length == segmentSize;

    private string StatusPath(string name, string suffix) => System.IO.Path.Combine(Path, ArchiveStatusDirectory, name + suffix);

    /// <summary>archive_status/NAME.done, as the walreceiver leaves it: created, then made durable.</summary>
    private void MarkDone(string name)
    {
        string path = StatusPath(name, DoneSuffix);
        OpenForWrite(path, FileMode.Create).Dispose();
        if (Sync)
        {
            DurableFileSystem.SyncDirectory(System.IO.Path.GetDirectoryName(path)!);
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
        try
        {
            using (SafeFileHandle handle = OpenForWrite(tempPath, FileMode.Create))
            {
                RandomAccess.Write(handle, content, 0);
                if (Sync)
                {
                    DurableFileSystem.SyncFile(handle, tempPath);
                }
            }

            DurableFileSystem.Rename(tempPath, path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or WalStorageException)
        {
            File.Delete(tempPath);
            throw ex as WalStorageException ?? new WalStorageException($"could not write \"{path}\": {ex.Message}", ex);
        }

        long ticket = NextRenameTicket();
        if (Sync)
        {
            SyncDirectoryUpTo(ticket);
        }
    }

    /// <summary>
    /// Opens for reading and writing; <see cref="FileMode.Create"/> creates or truncates the file
    /// with mode 0600 from the moment it exists (File.OpenHandle takes no creation mode, and a
    /// process-wide umask would change every other file the process makes).
    /// </summary>
    private static SafeFileHandle OpenForWrite(string path, FileMode mode)
    {
        int flags = Interop.Libc.O_RDWR | Interop.Libc.O_CLOEXEC | (mode == FileMode.Create ? Interop.Libc.O_CREAT | Interop.Libc.O_TRUNC : 0);
        SafeFileHandle handle = Interop.Libc.Open(path, flags, PrivateFileMode);
        if (handle.IsInvalid)
        {
            IOException error = Interop.Errors.Exception("open", path);
            handle.Dispose();
            throw new WalStorageException($"could not open \"{path}\": {error.Message}", error);
        }

        return handle;
    }

    /// <summary>Only the temp files this class makes: NAME(.partial).tmp, NNNNNNNN.history.tmp, the identity's.</summary>
    private void RemoveStaleTempFiles()
    {
        foreach (string file in Directory.EnumerateFiles(Path, "*" + TempSuffix))
        {
            string name = System.IO.Path.GetFileName(file)[..^TempSuffix.Length];
            bool ours = name == ClusterIdentity.FileName
                || name.EndsWith(WalFileName.HistorySuffix, StringComparison.Ordinal)
                || WalFileName.TryParseSegment(name, WalSegmentSize.Default, out _, out _, out _)
                || WalFileName.TryParseSegment(name, WalSegmentSize.Minimum, out _, out _, out _);
            if (ours)
            {
                File.Delete(file);
                StorageLog.RemovedTempFile(_logger, System.IO.Path.GetFileName(file));
            }
        }
    }

    private readonly record struct SegmentOnDisk(ulong Segment, uint Timeline, bool Complete, string Name, string Path)
    {
        public bool IsLaterThan(SegmentOnDisk other) =>
            Segment != other.Segment ? Segment > other.Segment
            : Timeline != other.Timeline ? Timeline > other.Timeline
            : Complete && !other.Complete;
    }
}
