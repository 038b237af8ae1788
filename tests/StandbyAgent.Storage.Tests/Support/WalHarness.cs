using System.Collections.Concurrent;

namespace StandbyAgent.Storage.Tests.Support;

/// <summary>
/// A WAL directory opened in a temp directory (or a directory the test provides, such as one on a
/// mounted file system) with the identity of <see cref="TestWal.Identity"/> verified, and writers
/// on it whose flush callbacks are recorded. In <see cref="WalDirectoryMode.PgWal"/> the temp
/// directory is a data directory: pg_wal inside it, and global/pg_control naming the cluster.
/// Dispose closes the writers, the directory and removes the temp directory.
/// </summary>
public sealed class WalHarness : IAsyncDisposable
{
    private readonly TempDirectory? _ownedDirectory;
    private readonly List<WalWriter> _writers = [];

    private WalHarness(TempDirectory? ownedDirectory, string path, WalDirectoryMode mode, bool sync, ClusterIdentity identity)
    {
        _ownedDirectory = ownedDirectory;
        Path = path;
        Identity = identity;
        Directory = WalDirectory.Open(path, mode, sync, Logger);
        Directory.VerifyIdentity(identity);
    }

    public string Path { get; }

    public ClusterIdentity Identity { get; }

    public RecordingLogger Logger { get; } = new();

    public WalDirectory Directory { get; }

    /// <summary>Every value passed to a writer's flushAdvanced callback, in order.</summary>
    public ConcurrentQueue<Lsn> FlushReports { get; } = new();

    public static WalHarness Create(bool sync = true, ClusterIdentity? identity = null, WalDirectoryMode mode = WalDirectoryMode.Archive)
    {
        var temp = new TempDirectory();
        try
        {
            identity ??= TestWal.Identity;
            string path = temp.Path;
            if (mode == WalDirectoryMode.PgWal)
            {
                path = DataDirectory.Create(temp.Path, identity.SystemIdentifier);
            }

            return new WalHarness(temp, path, mode, sync, identity);
        }
        catch
        {
            temp.Dispose();
            throw;
        }
    }

    public static WalHarness In(string path, bool sync = true, ClusterIdentity? identity = null) =>
        new(null, path, WalDirectoryMode.Archive, sync, identity ?? TestWal.Identity);

    /// <summary>A writer for <paramref name="timeline"/> from <paramref name="start"/>; <paramref name="onFlush"/> runs after the report is recorded.</summary>
    public WalWriter StartWriter(Lsn start, uint timeline = 1, Action<Lsn>? onFlush = null)
    {
        var writer = new WalWriter(Directory, Identity, timeline, start, flushed =>
        {
            FlushReports.Enqueue(flushed);
            onFlush?.Invoke(flushed);
        }, Logger);
        _writers.Add(writer);
        return writer;
    }

    /// <summary>Writes the next <paramref name="length"/> bytes of this cluster's WAL, in one block.</summary>
    public byte[] WriteNext(WalWriter writer, int length)
    {
        byte[] bytes = TestWal.Bytes(Identity, writer.Written, length);
        writer.Write(writer.Written, new ReadOnlySequence<byte>(bytes));
        return bytes;
    }

    public string PathOf(string fileName) => System.IO.Path.Combine(Path, fileName);

    public byte[] ReadFile(string fileName) => File.ReadAllBytes(PathOf(fileName));

    public string[] Names() => DirectoryListing.Names(Path);

    /// <summary>
    /// The names of the WAL files only: not the lock and identity files, not archive_status, and
    /// not the temp file of the segment the directory prepares ahead (NAME(.partial).tmp).
    /// </summary>
    public string[] WalNames() =>
        [.. Names().Where(name => name is not WalDirectory.LockFileName and not ClusterIdentity.FileName and not WalDirectory.ArchiveStatusDirectory
            && !name.EndsWith(".tmp", StringComparison.Ordinal))];

    /// <summary>Files under the directory this process still has open, other than the lock and prepared temp files.</summary>
    public string[] OpenSegmentFiles() =>
        [.. DirectoryListing.OpenFilesUnder(Path).Where(path => path != PathOf(WalDirectory.LockFileName) && !path.EndsWith(".tmp", StringComparison.Ordinal))];

    /// <summary>
    /// Set by tests that kill the disk under the directory: disposing it then fails in ways a
    /// dedicated test covers, and must not hide what the test itself checked.
    /// </summary>
    public bool DiskFailed { get; set; }

    /// <summary>What archive_status holds (pg_wal mode).</summary>
    public string[] StatusNames() => DirectoryListing.Names(PathOf(WalDirectory.ArchiveStatusDirectory));

    public async ValueTask DisposeAsync()
    {
        try
        {
            foreach (WalWriter writer in _writers)
            {
                try
                {
                    await writer.DisposeAsync();
                }
                catch (WalStorageException)
                {
                    // A writer a test made fail: the test asserted on the failure itself.
                }
            }
        }
        finally
        {
            try
            {
                Directory.Dispose();
            }
            catch (IOException) when (DiskFailed)
            {
                // See StorageFailureTests.Disposing_the_directory_after_the_disk_failed_does_not_throw_and_releases_the_lock.
            }

            _ownedDirectory?.Dispose();
        }
    }
}
