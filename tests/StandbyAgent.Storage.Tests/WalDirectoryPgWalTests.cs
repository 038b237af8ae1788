using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;

namespace StandbyAgent.Storage.Tests;

/// <summary>
/// The pg_wal mode: segments keep their final name while written, completion is
/// archive_status/NAME.done, the identity is the data directory's pg_control, and files the
/// server left (recycled segments under future names) must not be mistaken for WAL.
/// </summary>
public sealed class WalDirectoryPgWalTests : IDisposable
{
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private readonly TempDirectory _dataDirectory = new();
    private readonly string _pgWal;

    public WalDirectoryPgWalTests() => _pgWal = DataDirectory.Create(_dataDirectory.Path, TestWal.Identity.SystemIdentifier);

    public void Dispose() => _dataDirectory.Dispose();

    [Fact]
    public void Open_creates_archive_status()
    {
        using WalDirectory directory = Open();

        Assert.Equal(WalDirectoryMode.PgWal, directory.Mode);
        Assert.True(Directory.Exists(Path.Combine(_pgWal, WalDirectory.ArchiveStatusDirectory)));
    }

    [Fact]
    public void The_identity_is_pg_controls_system_identifier_and_no_identity_file_is_written()
    {
        using WalDirectory directory = Open();

        directory.VerifyIdentity(TestWal.Identity);

        Assert.Equal([WalDirectory.ArchiveStatusDirectory, WalDirectory.LockFileName], DirectoryListing.Names(_pgWal));
    }

    [Fact]
    public void A_server_of_another_system_than_pg_control_is_refused_and_nothing_is_created()
    {
        using WalDirectory directory = Open();
        string[] before = DirectoryListing.Names(_pgWal);

        ClusterMismatchException error = Assert.Throws<ClusterMismatchException>(() => directory.VerifyIdentity(TestWal.OtherCluster));

        Assert.Contains($"belongs to database system {TestWal.Identity.SystemIdentifier}", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, DirectoryListing.Names(_pgWal));
    }

    [Fact]
    public void A_missing_pg_control_is_a_clear_error()
    {
        File.Delete(Path.Combine(_dataDirectory.Path, "global", "pg_control"));
        using WalDirectory directory = Open();

        WalStorageException error = Assert.Throws<WalStorageException>(() => directory.VerifyIdentity(TestWal.Identity));

        Assert.Contains("pg_control", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    public void A_pg_control_too_short_to_hold_a_system_identifier_is_a_clear_error(int length)
    {
        DataDirectory.WriteControlFile(_dataDirectory.Path, DataDirectory.ControlFile(TestWal.Identity.SystemIdentifier)[..length]);
        using WalDirectory directory = Open();

        WalStorageException error = Assert.Throws<WalStorageException>(() => directory.VerifyIdentity(TestWal.Identity));

        Assert.Contains("too short", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OpenSegment_creates_the_segment_under_its_final_name_full_of_zeros()
    {
        using WalDirectory directory = Open();

        using SegmentFile segment = directory.OpenSegment(1, 6, TestWal.SegmentSize);

        Assert.Equal(Path.Combine(_pgWal, TestWal.Name(6)), segment.InProgressPath);
        Assert.Equal(segment.FinalPath, segment.InProgressPath);
        Assert.Equal([TestWal.Name(6), WalDirectory.ArchiveStatusDirectory, WalDirectory.LockFileName], DirectoryListing.Names(_pgWal));
        TestWal.AssertAllZero(File.ReadAllBytes(segment.InProgressPath), "new segment");
    }

    [Fact]
    public void OpenSegment_reuses_a_full_size_file_whose_first_page_is_its_own()
    {
        byte[] earlier = TestWal.Segment(TestWal.Identity, 6);
        earlier.AsSpan(300_000).Clear();
        TestWal.WriteFile(_pgWal, TestWal.Name(6), earlier);
        using WalDirectory directory = Open();

        using SegmentFile segment = directory.OpenSegment(1, 6, TestWal.SegmentSize);

        TestWal.AssertBytesEqual(earlier, File.ReadAllBytes(segment.InProgressPath), "reused segment");
    }

    [Fact]
    public void OpenSegment_replaces_a_recycled_segment_that_still_holds_older_wal()
    {
        // The server renames old segments to future names for reuse: the content is segment 2's.
        TestWal.WriteFile(_pgWal, TestWal.Name(6), TestWal.Segment(TestWal.Identity, 2));
        using WalDirectory directory = Open();

        using SegmentFile segment = directory.OpenSegment(1, 6, TestWal.SegmentSize);

        TestWal.AssertAllZero(File.ReadAllBytes(segment.InProgressPath), "replaced recycled segment");
    }

    [Fact]
    public void Completing_a_segment_keeps_its_name_and_marks_it_done()
    {
        using WalDirectory directory = Open();
        SegmentFile segment = directory.OpenSegment(1, 6, TestWal.SegmentSize);
        byte[] content = TestWal.Segment(TestWal.Identity, 6);
        RandomAccess.Write(segment.Handle, content, 0);

        directory.CompleteSegment(segment);

        Assert.Equal([TestWal.Name(6), WalDirectory.ArchiveStatusDirectory, WalDirectory.LockFileName], DirectoryListing.Names(_pgWal));
        Assert.Equal([TestWal.Name(6) + ".done"], StatusNames());
        TestWal.AssertBytesEqual(content, File.ReadAllBytes(Path.Combine(_pgWal, TestWal.Name(6))), "completed segment");
        Assert.True(segment.Handle.IsClosed);
    }

    [Fact]
    public void A_history_file_is_written_and_marked_done()
    {
        using WalDirectory directory = Open();
        byte[] content = "1\t0/3000000\tno recovery target specified\n"u8.ToArray();

        directory.WriteHistoryFile(new TimelineHistoryFile(2, "00000002.history", content));

        Assert.Equal(content, File.ReadAllBytes(Path.Combine(_pgWal, "00000002.history")));
        Assert.Equal(["00000002.history.done"], StatusNames());
    }

    [Fact]
    public void Files_the_directory_creates_in_pg_wal_are_readable_and_writable_by_the_owner_only()
    {
        using (WalDirectory directory = Open())
        {
            directory.VerifyIdentity(TestWal.Identity);
            directory.WriteHistoryFile(new TimelineHistoryFile(2, "00000002.history", "1\t0/3000000\tx\n"u8.ToArray()));
            directory.CompleteSegment(directory.OpenSegment(1, 6, TestWal.SegmentSize));
        }

        string status = Path.Combine(_pgWal, WalDirectory.ArchiveStatusDirectory);
        string[] created =
        [
            Path.Combine(_pgWal, WalDirectory.LockFileName),
            Path.Combine(_pgWal, "00000002.history"),
            Path.Combine(_pgWal, TestWal.Name(6)),
            Path.Combine(status, "00000002.history.done"),
            Path.Combine(status, TestWal.Name(6) + ".done"),
        ];
        string[] wrong = [.. created.Where(path => DirectoryListing.Mode(path) != OwnerReadWrite).Select(path => $"{path}: {DirectoryListing.Mode(path)}")];
        Assert.True(wrong.Length == 0, string.Join("; ", wrong));
    }

    [Theory]
    [InlineData(".done")]
    [InlineData(".ready")]
    public void A_segment_with_an_archive_status_is_complete_and_streaming_continues_after_it(string status)
    {
        WriteSegment(4, complete: false);
        WriteSegment(5, complete: false);
        MarkStatus(TestWal.Name(5) + status);
        using WalDirectory directory = Open();

        StreamingStart start = directory.FindStreamingStart(TestWal.SegmentSize)!;

        Assert.Equal(new StreamingStart(1, TestWal.SegmentStart(6), $"continuing after complete segment {TestWal.Name(5)}"), start);
    }

    [Fact]
    public void A_segment_without_status_whose_first_page_is_its_own_is_streamed_again()
    {
        WriteSegment(4, complete: true);
        WriteSegment(5, complete: false);
        using WalDirectory directory = Open();

        StreamingStart start = directory.FindStreamingStart(TestWal.SegmentSize)!;

        Assert.Equal(new StreamingStart(1, TestWal.SegmentStart(5), $"resuming incomplete segment {TestWal.Name(5)}"), start);
    }

    [Fact]
    public void Recycled_segments_under_future_names_and_partial_files_are_not_wal_to_resume_from()
    {
        WriteSegment(4, complete: true);
        WriteSegment(5, complete: false);
        TestWal.WriteFile(_pgWal, TestWal.Name(6), TestWal.Segment(TestWal.Identity, 1));
        TestWal.WriteFile(_pgWal, TestWal.Name(7), TestWal.Segment(TestWal.Identity, 2));
        TestWal.WriteSegmentFile(_pgWal, TestWal.PartialName(8), TestWal.Identity, 8, TestWal.SegmentSize);
        using WalDirectory directory = Open();

        Assert.Equal(TestWal.SegmentStart(5), directory.FindStreamingStart(TestWal.SegmentSize)!.Start);
    }

    /// <summary>
    /// A full-size file of zeros carries no WAL: the server preallocates the next segment that way
    /// (PreallocXlogFiles), and a crash can leave one right after the zero-fill. Resuming at it
    /// would skip the rest of the incomplete segment before it (I9: never jump ahead).
    /// </summary>
    [Fact]
    public void An_all_zero_segment_ahead_of_the_stream_does_not_make_streaming_skip_the_incomplete_one()
    {
        WriteSegment(4, complete: true);
        WriteSegment(5, complete: false);
        TestWal.WriteFile(_pgWal, TestWal.Name(6), new byte[TestWal.SegmentSize]);
        using WalDirectory directory = Open();

        StreamingStart start = directory.FindStreamingStart(TestWal.SegmentSize)!;

        Assert.Equal(TestWal.SegmentStart(5), start.Start);
    }

    [Fact]
    public async Task The_writer_completes_segments_in_place_and_marks_each_done_before_reporting_past_it()
    {
        await using WalHarness wal = WalHarness.Create(mode: WalDirectoryMode.PgWal);
        var violations = new ConcurrentQueue<string>();
        WalWriter writer = wal.StartWriter(TestWal.SegmentStart(3), onFlush: flushed =>
        {
            string[] done = wal.StatusNames();
            for (ulong segment = 3; TestWal.SegmentStart(segment + 1) <= flushed; segment++)
            {
                if (!done.Contains(TestWal.Name(segment) + ".done"))
                {
                    violations.Enqueue($"flush {flushed} reported before {TestWal.Name(segment)} was marked done");
                }
            }
        });

        for (int i = 0; i < 25; i++)
        {
            wal.WriteNext(writer, 100_003);
            writer.RequestSync();
        }

        await writer.CloseAsync();

        Assert.Empty(violations);
        Assert.Equal(writer.Written, writer.Flushed);
        Assert.Equal([TestWal.Name(3), TestWal.Name(4), TestWal.Name(5)], wal.WalNames());
        Assert.Equal([TestWal.Name(3) + ".done", TestWal.Name(4) + ".done"], wal.StatusNames());
        TestWal.AssertBytesEqual(TestWal.Segment(wal.Identity, 3), wal.ReadFile(TestWal.Name(3)), "segment 3");
        TestWal.AssertBytesEqual(TestWal.Segment(wal.Identity, 4), wal.ReadFile(TestWal.Name(4)), "segment 4");
        int inSegment5 = (25 * 100_003) - (2 * TestWal.SegmentSize);
        TestWal.AssertBytesEqual(TestWal.Bytes(wal.Identity, TestWal.SegmentStart(5), inSegment5), wal.ReadFile(TestWal.Name(5)).AsSpan(0, inSegment5), "segment 5");
    }

    private WalDirectory Open(bool sync = true) => WalDirectory.Open(_pgWal, WalDirectoryMode.PgWal, sync, NullLogger.Instance);

    private string[] StatusNames() => DirectoryListing.Names(Path.Combine(_pgWal, WalDirectory.ArchiveStatusDirectory));

    /// <summary>A full-size segment with its own first page; complete ones get archive_status/NAME.done.</summary>
    private void WriteSegment(ulong segment, bool complete)
    {
        TestWal.WriteSegmentFile(_pgWal, TestWal.Name(segment), TestWal.Identity, segment, TestWal.SegmentSize);
        if (complete)
        {
            MarkStatus(TestWal.Name(segment) + ".done");
        }
    }

    private void MarkStatus(string statusFileName)
    {
        string status = Directory.CreateDirectory(Path.Combine(_pgWal, WalDirectory.ArchiveStatusDirectory)).FullName;
        File.WriteAllText(Path.Combine(status, statusFileName), "");
    }
}
