using StandbyAgent.Testing.Faults;

namespace StandbyAgent.Storage.Tests;

/// <summary>
/// Storage that fails for real (reliability.md F1-F4, F8, I1, I6, R8): a tmpfs that runs out of
/// space, an ext4 image on a loop device that is shut down under the writer (every write, fsync
/// and rename then fails with EIO), and a segment file removed behind the writer's back. Mounting
/// needs root; the tests that mount fail with a message saying so when it is not available.
/// </summary>
public sealed class StorageFailureTests
{
    private const int Segment = TestWal.SegmentSize;
    private const int Eio = 5;
    private const int Enospc = 28;

    /// <summary>
    /// 3 MB hold two 1 MB segments and the identity file, not a third: preparing segment 3 runs
    /// out of space. The error says so, nothing of segment 3 is left, what was completed is
    /// intact and flushed, and no later write gets through while the disk is full.
    /// </summary>
    [Fact]
    public async Task Running_out_of_space_while_preparing_a_segment_is_an_out_of_space_error_and_nothing_is_claimed()
    {
        using MountedFileSystem fileSystem = MountedFileSystem.Tmpfs(3 * Segment);
        await using WalHarness wal = WalHarness.In(fileSystem.CreateDirectory("wal"));
        WalWriter writer = wal.StartWriter(TestWal.SegmentStart(1));
        wal.WriteNext(writer, Segment + (Segment / 2));
        await writer.FlushAsync();
        Assert.Equal(writer.Written, writer.Flushed);

        byte[] next = TestWal.Bytes(wal.Identity, writer.Written, (Segment / 2) + 4096);
        WalStorageException error = Assert.Throws<WalStorageException>(() => writer.Write(writer.Written, new ReadOnlySequence<byte>(next)));

        Assert.True(error.IsOutOfSpace, error.ToString());
        Assert.Equal(Enospc, error.InnerException!.HResult);
        Assert.Contains(TestWal.PartialName(3), error.Message, StringComparison.Ordinal);

        // Segment 2 was written in full before segment 3 could not be prepared; Written says exactly that.
        Assert.Equal(TestWal.SegmentStart(3), writer.Written);
        await writer.FlushAsync();
        Assert.Equal(TestWal.SegmentStart(3), writer.Flushed);
        Assert.Equal([TestWal.Name(1), TestWal.Name(2)], wal.WalNames());
        TestWal.AssertBytesEqual(TestWal.Segment(wal.Identity, 1), wal.ReadFile(TestWal.Name(1)), "segment 1");
        TestWal.AssertBytesEqual(TestWal.Segment(wal.Identity, 2), wal.ReadFile(TestWal.Name(2)), "segment 2");
        Assert.All(wal.FlushReports, flushed => Assert.True(flushed <= TestWal.SegmentStart(3), $"reported {flushed}"));

        WalStorageException again = Assert.Throws<WalStorageException>(() => wal.WriteNext(writer, 100));
        Assert.True(again.IsOutOfSpace, again.ToString());
        Assert.Equal(TestWal.SegmentStart(3), writer.Written);
        Assert.Equal([TestWal.Name(1), TestWal.Name(2)], wal.WalNames());
    }

    [Fact]
    public void Running_out_of_space_while_creating_the_first_segment_leaves_no_file()
    {
        using MountedFileSystem fileSystem = MountedFileSystem.Tmpfs(Segment / 2);
        string directory = fileSystem.CreateDirectory("wal");
        using var wal = WalDirectory.Open(directory, WalDirectoryMode.Archive, sync: true, new RecordingLogger());

        WalStorageException error = Assert.Throws<WalStorageException>(() => wal.OpenSegment(1, 1, Segment));

        Assert.True(error.IsOutOfSpace, error.ToString());
        Assert.Equal([WalDirectory.LockFileName], DirectoryListing.Names(directory));
    }

    /// <summary>
    /// Recording the identity on a full disk must fail like every other storage failure: a
    /// WalStorageException that says the disk is full (so the agent retries once space is freed),
    /// and no half-written temp file left behind.
    /// </summary>
    [Fact]
    public void Recording_the_identity_on_a_full_disk_is_an_out_of_space_WalStorageException()
    {
        using MountedFileSystem fileSystem = MountedFileSystem.Tmpfs(Segment);
        string directory = fileSystem.CreateDirectory("wal");
        using var wal = WalDirectory.Open(directory, WalDirectoryMode.Archive, sync: true, new RecordingLogger());
        fileSystem.FillUp();

        Exception? error = Record.Exception(() => wal.VerifyIdentity(TestWal.Identity));

        Assert.True(error is WalStorageException { IsOutOfSpace: true }, $"expected an out-of-space WalStorageException, got {error}");
        Assert.Equal([WalDirectory.LockFileName], DirectoryListing.Names(directory));
    }

    /// <summary>
    /// R8/I6: data written, then the disk dies before it is fsynced. The fdatasync fails, the
    /// flushed position stays where the last successful fsync put it, and the writer refuses
    /// everything afterwards.
    /// </summary>
    [Fact]
    public async Task A_failed_fdatasync_stops_the_writer_for_good_and_the_flushed_position_stays_put()
    {
        using MountedFileSystem fileSystem = MountedFileSystem.LoopExt4(32);
        await using WalHarness wal = WalHarness.In(fileSystem.CreateDirectory("wal"));
        WalWriter writer = wal.StartWriter(TestWal.SegmentStart(1));
        wal.WriteNext(writer, Segment + 300_000);
        await writer.FlushAsync();
        Lsn durable = writer.Flushed;
        Assert.Equal(writer.Written, durable);
        wal.WriteNext(writer, 200_000);

        fileSystem.ShutDown();
        wal.DiskFailed = true;
        WalStorageException error = await Assert.ThrowsAsync<WalStorageException>(writer.FlushAsync);

        Assert.Contains("fdatasync", error.Message, StringComparison.Ordinal);
        Assert.Equal(Eio, error.InnerException!.HResult);
        Assert.False(error.IsOutOfSpace);
        Assert.Equal(durable, writer.Flushed);
        Assert.Equal(durable + 200_000, writer.Written);
        Assert.All(wal.FlushReports, flushed => Assert.True(flushed <= durable, $"reported {flushed} past the last fsync at {durable}"));

        WalStorageException faulted = Assert.Throws<WalStorageException>(writer.ThrowIfFaulted);
        Assert.Contains($"nothing after {durable} is trusted", faulted.Message, StringComparison.Ordinal);
        Assert.Same(error, faulted.InnerException);
        WalStorageException later = Assert.Throws<WalStorageException>(() => wal.WriteNext(writer, 100));
        Assert.Same(error, later.InnerException);
        Assert.Equal(durable + 200_000, writer.Written);
        await Assert.ThrowsAsync<WalStorageException>(writer.FlushAsync);
        await Assert.ThrowsAsync<WalStorageException>(writer.CloseAsync);
        Assert.Equal(durable, writer.Flushed);
    }

    /// <summary>
    /// F3/F4: the disk dies after a segment's last byte was written but before the segment was
    /// fsynced and renamed. The worker is held in a flush callback while the last bytes are
    /// written and the file system is shut down, so the completion runs on the dead disk.
    /// </summary>
    [Fact]
    public async Task A_segment_whose_completion_fails_is_never_reported_flushed()
    {
        using MountedFileSystem fileSystem = MountedFileSystem.LoopExt4(32);
        using var held = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        bool hold = false;
        await using WalHarness wal = WalHarness.In(fileSystem.CreateDirectory("wal"));
        WalWriter writer = wal.StartWriter(TestWal.SegmentStart(1), onFlush: _ =>
        {
            if (Volatile.Read(ref hold))
            {
                held.Set();
                release.Wait(TimeSpan.FromSeconds(30));
            }
        });
        wal.WriteNext(writer, Segment - 1000);
        Volatile.Write(ref hold, true);
        writer.RequestSync();
        Assert.True(held.Wait(TimeSpan.FromSeconds(30)), "the sync was never reported");
        Lsn durable = writer.Flushed;
        Assert.Equal(TestWal.SegmentStart(2).Value - 1000, durable.Value);

        wal.WriteNext(writer, 1000);
        fileSystem.ShutDown();
        wal.DiskFailed = true;
        release.Set();
        WalStorageException error = await Assert.ThrowsAsync<WalStorageException>(writer.FlushAsync);

        Assert.Equal(Eio, error.InnerException!.HResult);
        Assert.Equal(TestWal.SegmentStart(2), writer.Written);
        Assert.Equal(durable, writer.Flushed);
        Assert.Equal(0, wal.FlushReports.Count(flushed => flushed > durable));
        Assert.Throws<WalStorageException>(() => wal.WriteNext(writer, 100));
    }

    /// <summary>F2: a write the disk refuses is an error, and Written does not move past it.</summary>
    [Fact]
    public async Task A_failed_write_is_reported_and_neither_Written_nor_Flushed_moves()
    {
        using MountedFileSystem fileSystem = MountedFileSystem.LoopExt4(32);
        await using WalHarness wal = WalHarness.In(fileSystem.CreateDirectory("wal"));
        WalWriter writer = wal.StartWriter(TestWal.SegmentStart(1));
        wal.WriteNext(writer, Segment / 2);
        await writer.FlushAsync();
        Lsn durable = writer.Flushed;

        fileSystem.ShutDown();
        wal.DiskFailed = true;
        WalStorageException error = Assert.Throws<WalStorageException>(() => wal.WriteNext(writer, 1000));

        Assert.Contains("pwritev", error.Message, StringComparison.Ordinal);
        Assert.Equal(Eio, error.InnerException!.HResult);
        Assert.Equal(durable, writer.Written);
        Assert.Equal(durable, writer.Flushed);
        Assert.Throws<WalStorageException>(() => wal.WriteNext(writer, 1000));
        Assert.Equal(durable, writer.Written);
    }

    /// <summary>
    /// F8 without a mount: the partial file is removed while it is written, so its completion
    /// (rename) fails with ENOENT. The segment is never reported flushed and the writer stops.
    /// </summary>
    [Fact]
    public async Task A_segment_file_removed_behind_the_writers_back_stops_the_writer_at_completion()
    {
        await using WalHarness wal = WalHarness.Create();
        WalWriter writer = wal.StartWriter(TestWal.SegmentStart(1));
        wal.WriteNext(writer, 600_000);
        await writer.FlushAsync();
        Lsn durable = writer.Flushed;

        File.Delete(wal.PathOf(TestWal.PartialName(1)));
        wal.WriteNext(writer, Segment - 600_000 + 1000);
        WalStorageException error = await Assert.ThrowsAsync<WalStorageException>(writer.FlushAsync);

        Assert.Contains("rename", error.Message, StringComparison.Ordinal);
        Assert.Equal(durable, writer.Flushed);
        Assert.DoesNotContain(TestWal.Name(1), wal.WalNames());
        Assert.Throws<WalStorageException>(writer.ThrowIfFaulted);
        Assert.Throws<WalStorageException>(() => wal.WriteNext(writer, 100));
    }

    /// <summary>
    /// After a storage failure the writer is disposed and streaming restarts: the failed writer
    /// must not keep its segment files open (a descriptor per failure, and a file system that
    /// cannot be unmounted).
    /// </summary>
    [Fact]
    public async Task Disposing_a_writer_that_failed_closes_its_segment_files()
    {
        await using WalHarness wal = WalHarness.Create();
        WalWriter writer = wal.StartWriter(TestWal.SegmentStart(1));
        wal.WriteNext(writer, 600_000);
        await writer.FlushAsync();
        File.Delete(wal.PathOf(TestWal.PartialName(1)));
        wal.WriteNext(writer, Segment - 600_000 + 1000);
        await Assert.ThrowsAsync<WalStorageException>(writer.FlushAsync);

        await Assert.ThrowsAsync<WalStorageException>(async () => await writer.DisposeAsync());

        string[] open = wal.OpenSegmentFiles();
        Assert.True(open.Length == 0, $"still open after DisposeAsync: {string.Join(", ", open)}");
    }

    /// <summary>
    /// Dispose runs in finally blocks and during shutdown after a storage error: it must not throw
    /// (that would replace the error being reported) and must release the lock whatever happens.
    /// Here the directory has a segment prepared ahead when the disk dies.
    /// </summary>
    [Fact]
    public void Disposing_the_directory_after_the_disk_failed_does_not_throw_and_releases_the_lock()
    {
        using MountedFileSystem fileSystem = MountedFileSystem.LoopExt4(32);
        string path = fileSystem.CreateDirectory("wal");
        WalDirectory directory = WalDirectory.Open(path, WalDirectoryMode.Archive, sync: true, new RecordingLogger());
        directory.VerifyIdentity(TestWal.Identity);
        directory.PrepareSegment(1, 2, Segment);

        fileSystem.ShutDown();
        Exception? error = Record.Exception(directory.Dispose);

        Assert.Null(error);
        Assert.Empty(DirectoryListing.OpenFilesUnder(path));
    }
}
