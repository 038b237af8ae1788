using Microsoft.Extensions.Logging.Abstractions;

namespace StandbyAgent.Storage.Tests;

/// <summary>Opening, locking and housekeeping of the WAL directory, and segment files (reliability.md R1, R5, R9).</summary>
public sealed class WalDirectoryTests
{
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    [Fact]
    public void Open_of_a_missing_directory_says_it_does_not_exist_and_creates_nothing()
    {
        using var temp = new TempDirectory();
        string missing = temp.Missing("wal");

        WalStorageException error = Assert.Throws<WalStorageException>(() => WalDirectory.Open(missing, WalDirectoryMode.Archive, sync: true, NullLogger.Instance));

        Assert.Contains($"\"{missing}\"", error.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(missing));
        Assert.Empty(temp.Names());
    }

    [Fact]
    public void Open_of_a_path_that_is_a_regular_file_is_refused()
    {
        using var temp = new TempDirectory();
        string file = temp.PathOf("not-a-directory");
        File.WriteAllText(file, "x");

        Assert.Throws<WalStorageException>(() => WalDirectory.Open(file, WalDirectoryMode.Archive, sync: true, NullLogger.Instance));
    }

    [Fact]
    public void A_second_Open_of_the_same_directory_is_refused_while_the_first_holds_the_lock()
    {
        using var temp = new TempDirectory();
        using WalDirectory first = WalDirectory.Open(temp.Path, WalDirectoryMode.Archive, sync: true, NullLogger.Instance);

        WalStorageException error = Assert.Throws<WalStorageException>(() => WalDirectory.Open(temp.Path, WalDirectoryMode.Archive, sync: true, NullLogger.Instance));

        Assert.Contains("in use by another standby-agent process", error.Message, StringComparison.Ordinal);
        Assert.False(error.IsOutOfSpace);
    }

    [Fact]
    public void A_second_Open_through_another_spelling_of_the_path_is_refused_too()
    {
        using var temp = new TempDirectory();
        using WalDirectory first = WalDirectory.Open(temp.Path, WalDirectoryMode.Archive, sync: true, NullLogger.Instance);
        string otherSpelling = Path.Combine(temp.Path, ".", "..", Path.GetFileName(temp.Path)) + "/";

        Assert.Throws<WalStorageException>(() => WalDirectory.Open(otherSpelling, WalDirectoryMode.Archive, sync: false, NullLogger.Instance));
    }

    [Fact]
    public void The_directory_can_be_opened_again_once_the_first_is_disposed()
    {
        using var temp = new TempDirectory();
        WalDirectory first = WalDirectory.Open(temp.Path, WalDirectoryMode.Archive, sync: true, NullLogger.Instance);
        first.Dispose();

        using WalDirectory second = WalDirectory.Open(temp.Path, WalDirectoryMode.Archive, sync: true, NullLogger.Instance);

        Assert.Equal(temp.Path, second.Path);
    }

    [Fact]
    public void Open_reports_the_full_path_and_the_sync_setting()
    {
        using var temp = new TempDirectory();
        string relative = Path.GetRelativePath(Environment.CurrentDirectory, temp.Path);

        using WalDirectory directory = WalDirectory.Open(relative, WalDirectoryMode.Archive, sync: false, NullLogger.Instance);

        Assert.Equal(temp.Path, directory.Path);
        Assert.False(directory.Sync);
    }

    [Fact]
    public void Open_removes_its_own_leftover_temp_files_and_leaves_everything_else()
    {
        using var temp = new TempDirectory();
        string[] leftovers =
        [
            ClusterIdentity.FileName + ".tmp",
            TestWal.PartialName(3) + ".tmp",
            TestWal.Name(4) + ".tmp",
            TestWal.Name(0x1FF, segmentSize: 16 * 1024 * 1024) + ".partial.tmp",
            WalFileName.History(2) + ".tmp",
        ];
        string[] kept =
        [
            TestWal.Name(2),
            TestWal.PartialName(3),
            WalFileName.History(2),
            "someone-elses.tmp",
            "notes.tmp.txt",
            "x.tmpx",
            "tmp",
            ".tmp",
            TestWal.Name(2).ToLowerInvariant() + "a.tmp",
            "UPPER.TMP",
        ];
        foreach (string name in leftovers.Concat(kept))
        {
            File.WriteAllText(temp.PathOf(name), name);
        }

        var logger = new RecordingLogger();
        using WalDirectory directory = WalDirectory.Open(temp.Path, WalDirectoryMode.Archive, sync: true, logger);

        Assert.Equal(kept.Append(WalDirectory.LockFileName).Order(StringComparer.Ordinal), temp.Names());
        Assert.Equal(leftovers.Order(StringComparer.Ordinal), logger.WithEventId(2005).Select(entry => entry.Message.Split('"')[1]).Order(StringComparer.Ordinal));
        foreach (string name in kept)
        {
            Assert.Equal(name, File.ReadAllText(temp.PathOf(name)));
        }
    }

    [Fact]
    public void Files_the_directory_creates_are_readable_and_writable_by_the_owner_only()
    {
        using var temp = new TempDirectory();
        using (WalDirectory directory = WalDirectory.Open(temp.Path, WalDirectoryMode.Archive, sync: true, NullLogger.Instance))
        {
            directory.VerifyIdentity(TestWal.Identity);
            directory.WriteHistoryFile(new TimelineHistoryFile(2, WalFileName.History(2), "1\t0/3000000\tno recovery target specified\n"u8.ToArray()));
            directory.OpenSegment(1, 5, TestWal.SegmentSize).Dispose();
        }

        string[] created = [WalDirectory.LockFileName, ClusterIdentity.FileName, WalFileName.History(2), TestWal.PartialName(5)];
        Assert.Equal(created.Order(StringComparer.Ordinal), temp.Names());
        foreach (string name in created)
        {
            Assert.True(DirectoryListing.Mode(temp.PathOf(name)) == OwnerReadWrite, $"{name} has mode {DirectoryListing.Mode(temp.PathOf(name))}");
        }
    }

    [Theory]
    [InlineData(true, SegmentFill.Zeros)]
    [InlineData(false, SegmentFill.Zeros)]
    [InlineData(true, SegmentFill.Allocate)]
    [InlineData(false, SegmentFill.Allocate)]
    public void OpenSegment_creates_the_partial_file_full_of_zeros_and_leaves_no_temp_file(bool sync, SegmentFill fill)
    {
        using var temp = new TempDirectory();
        using WalDirectory directory = WalDirectory.Open(temp.Path, WalDirectoryMode.Archive, sync, NullLogger.Instance, fill);

        using SegmentFile segment = directory.OpenSegment(1, 7, TestWal.SegmentSize);

        Assert.Equal([TestWal.PartialName(7), WalDirectory.LockFileName], temp.Names());
        byte[] content = File.ReadAllBytes(temp.PathOf(TestWal.PartialName(7)));
        Assert.Equal(TestWal.SegmentSize, content.Length);
        TestWal.AssertAllZero(content, "new segment");
        Assert.Equal(TestWal.Name(7), segment.Name);
        Assert.Equal(temp.PathOf(TestWal.PartialName(7)), segment.InProgressPath);
        Assert.Equal(temp.PathOf(TestWal.Name(7)), segment.FinalPath);
        Assert.Equal(new Lsn(7UL * TestWal.SegmentSize), segment.Start);
        Assert.Equal(new Lsn(8UL * TestWal.SegmentSize), segment.End);
    }

    [Theory]
    [InlineData(SegmentFill.Zeros)]
    [InlineData(SegmentFill.Allocate)]
    public void OpenSegment_allocates_every_block(SegmentFill fill)
    {
        using var temp = new TempDirectory();
        using WalDirectory directory = WalDirectory.Open(temp.Path, WalDirectoryMode.Archive, sync: true, NullLogger.Instance, fill);

        using SegmentFile segment = directory.OpenSegment(1, 1, TestWal.SegmentSize);

        // A file made with ftruncate or a seek would be sparse: fewer allocated bytes than its size,
        // and a full disk would show up in the middle of the segment instead of here.
        Assert.True(FileStat.AllocatedBytes(segment.InProgressPath) >= TestWal.SegmentSize, $"only {FileStat.AllocatedBytes(segment.InProgressPath)} bytes allocated");
    }

    [Theory]
    [InlineData(1u, 0x1FFFUL, "000000010000000100000FFF")]
    [InlineData(0x2Au, 0x1000UL, "0000002A0000000100000000")]
    [InlineData(3u, 0xFFFUL, "000000030000000000000FFF")]
    public void OpenSegment_names_the_file_after_the_timeline_and_the_segment_number(uint timeline, ulong segmentNumber, string expectedName)
    {
        using var temp = new TempDirectory();
        using WalDirectory directory = WalDirectory.Open(temp.Path, WalDirectoryMode.Archive, sync: false, NullLogger.Instance);

        using SegmentFile segment = directory.OpenSegment(timeline, segmentNumber, TestWal.SegmentSize);

        Assert.Equal(expectedName, segment.Name);
        Assert.True(File.Exists(temp.PathOf(expectedName + ".partial")));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void OpenSegment_reuses_a_full_size_partial_with_its_content_intact(bool sync)
    {
        using var temp = new TempDirectory();
        byte[] earlier = TestWal.Segment(TestWal.Identity, 4);
        earlier.AsSpan(600_000).Clear();
        TestWal.WriteFile(temp.Path, TestWal.PartialName(4), earlier);
        var logger = new RecordingLogger();
        using WalDirectory directory = WalDirectory.Open(temp.Path, WalDirectoryMode.Archive, sync, logger);

        using SegmentFile segment = directory.OpenSegment(1, 4, TestWal.SegmentSize);

        TestWal.AssertBytesEqual(earlier, File.ReadAllBytes(segment.InProgressPath), "reused partial");
        Assert.Equal([TestWal.PartialName(4), WalDirectory.LockFileName], temp.Names());
        Assert.Single(logger.WithEventId(2003));
        Assert.Empty(logger.WithEventId(2004));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(8192)]
    [InlineData(TestWal.SegmentSize - 1)]
    [InlineData(TestWal.SegmentSize + 1)]
    public void OpenSegment_replaces_a_partial_of_the_wrong_size_with_a_fresh_zero_filled_file(int size)
    {
        using var temp = new TempDirectory();
        byte[] leftover = new byte[size];
        leftover.AsSpan().Fill(0x5A);
        TestWal.WriteFile(temp.Path, TestWal.PartialName(4), leftover);
        var logger = new RecordingLogger();
        using WalDirectory directory = WalDirectory.Open(temp.Path, WalDirectoryMode.Archive, sync: true, logger);

        using SegmentFile segment = directory.OpenSegment(1, 4, TestWal.SegmentSize);

        byte[] content = File.ReadAllBytes(segment.InProgressPath);
        Assert.Equal(TestWal.SegmentSize, content.Length);
        TestWal.AssertAllZero(content, "replaced partial");
        Assert.Equal([TestWal.PartialName(4), WalDirectory.LockFileName], temp.Names());
        LogEntry warning = Assert.Single(logger.WithEventId(2004));
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Warning, warning.Level);
    }

    [Fact]
    public void OpenSegment_keeps_a_complete_segment_of_the_same_number_untouched()
    {
        using var temp = new TempDirectory();
        byte[] complete = TestWal.Segment(TestWal.Identity, 4);
        TestWal.WriteFile(temp.Path, TestWal.Name(4), complete);
        using WalDirectory directory = WalDirectory.Open(temp.Path, WalDirectoryMode.Archive, sync: true, NullLogger.Instance);

        using SegmentFile segment = directory.OpenSegment(1, 4, TestWal.SegmentSize);

        TestWal.AssertBytesEqual(complete, File.ReadAllBytes(temp.PathOf(TestWal.Name(4))), "complete segment");
        TestWal.AssertAllZero(File.ReadAllBytes(segment.InProgressPath), "new partial");
    }

    [Fact]
    public void A_segment_prepared_ahead_is_what_OpenSegment_then_takes()
    {
        using var temp = new TempDirectory();
        using WalDirectory directory = WalDirectory.Open(temp.Path, WalDirectoryMode.Archive, sync: true, NullLogger.Instance);

        directory.PrepareSegment(1, 8, TestWal.SegmentSize);
        using SegmentFile segment = directory.OpenSegment(1, 8, TestWal.SegmentSize);

        Assert.Equal([TestWal.PartialName(8), WalDirectory.LockFileName], temp.Names());
        byte[] content = File.ReadAllBytes(segment.InProgressPath);
        Assert.Equal(TestWal.SegmentSize, content.Length);
        TestWal.AssertAllZero(content, "prepared segment");
    }

    [Fact]
    public void A_segment_prepared_ahead_but_not_the_one_opened_is_removed()
    {
        using var temp = new TempDirectory();
        using WalDirectory directory = WalDirectory.Open(temp.Path, WalDirectoryMode.Archive, sync: true, NullLogger.Instance);

        directory.PrepareSegment(1, 8, TestWal.SegmentSize);
        using SegmentFile segment = directory.OpenSegment(1, 9, TestWal.SegmentSize);

        Assert.Equal([TestWal.PartialName(9), WalDirectory.LockFileName], temp.Names());
    }

    /// <summary>
    /// Streaming resumes after the highest segment name on disk, so a segment that follows one
    /// still being made durable must have no name yet: a crash would otherwise leave a gap behind it.
    /// </summary>
    [Fact]
    public void A_following_segment_has_no_segment_name_until_it_is_published()
    {
        using var temp = new TempDirectory();
        using WalDirectory directory = WalDirectory.Open(temp.Path, WalDirectoryMode.Archive, sync: true, NullLogger.Instance);
        TestWal.WriteSegmentFile(temp.Path, TestWal.PartialName(7), TestWal.Identity, 7, TestWal.SegmentSize);

        using SegmentFile segment = directory.OpenNextSegment(1, 8, TestWal.SegmentSize);

        Assert.Equal([TestWal.PartialName(7), TestWal.PartialName(8) + ".tmp", WalDirectory.LockFileName], temp.Names());
        Assert.Equal(TestWal.SegmentStart(7), directory.FindStreamingStart(TestWal.SegmentSize)!.Start);

        directory.PublishSegment(segment);

        Assert.Equal([TestWal.PartialName(7), TestWal.PartialName(8), WalDirectory.LockFileName], temp.Names());
        Assert.Null(segment.UnpublishedPath);
        TestWal.AssertAllZero(File.ReadAllBytes(segment.InProgressPath), "published segment");
    }

    [Fact]
    public void Disposing_the_directory_removes_a_segment_prepared_ahead_and_never_used()
    {
        using var temp = new TempDirectory();
        WalDirectory directory = WalDirectory.Open(temp.Path, WalDirectoryMode.Archive, sync: true, NullLogger.Instance);
        directory.PrepareSegment(1, 8, TestWal.SegmentSize);

        directory.Dispose();

        Assert.Equal([WalDirectory.LockFileName], temp.Names());
        Assert.Empty(DirectoryListing.OpenFilesUnder(temp.Path));
    }

    [Fact]
    public void CompleteSegment_gives_the_segment_its_final_name_and_removes_the_partial_name()
    {
        using var temp = new TempDirectory();
        using WalDirectory directory = WalDirectory.Open(temp.Path, WalDirectoryMode.Archive, sync: true, NullLogger.Instance);
        SegmentFile segment = directory.OpenSegment(1, 9, TestWal.SegmentSize);
        byte[] content = TestWal.Segment(TestWal.Identity, 9);
        RandomAccess.Write(segment.Handle, content, 0);

        directory.CompleteSegment(segment);

        Assert.Equal([TestWal.Name(9), WalDirectory.LockFileName], temp.Names());
        TestWal.AssertBytesEqual(content, File.ReadAllBytes(temp.PathOf(TestWal.Name(9))), "completed segment");
        Assert.True(segment.Handle.IsClosed);
    }

    [Fact]
    public void CloseIncompleteSegment_keeps_the_partial_name_and_closes_the_file()
    {
        using var temp = new TempDirectory();
        using WalDirectory directory = WalDirectory.Open(temp.Path, WalDirectoryMode.Archive, sync: true, NullLogger.Instance);
        SegmentFile segment = directory.OpenSegment(1, 9, TestWal.SegmentSize);

        directory.CloseIncompleteSegment(segment);

        Assert.Equal([TestWal.PartialName(9), WalDirectory.LockFileName], temp.Names());
        Assert.True(segment.Handle.IsClosed);
    }

    [Fact]
    public void WriteHistoryFile_writes_the_content_under_the_name_computed_for_its_timeline()
    {
        using var temp = new TempDirectory();
        using WalDirectory directory = WalDirectory.Open(temp.Path, WalDirectoryMode.Archive, sync: true, NullLogger.Instance);
        byte[] content = "1\t0/3000000\tno recovery target specified\n2\t0/5000000\tno recovery target specified\n"u8.ToArray();
        Assert.False(directory.HasHistoryFile(3));

        directory.WriteHistoryFile(new TimelineHistoryFile(3, "00000003.history", content));

        Assert.True(directory.HasHistoryFile(3));
        Assert.False(directory.HasHistoryFile(4));
        Assert.Equal(content, File.ReadAllBytes(temp.PathOf("00000003.history")));
        Assert.Equal(["00000003.history", WalDirectory.LockFileName], temp.Names());
    }

    [Fact]
    public void WriteHistoryFile_replaces_an_earlier_file_of_the_same_timeline_whole()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.PathOf("00000002.history"), new string('x', 500));
        using WalDirectory directory = WalDirectory.Open(temp.Path, WalDirectoryMode.Archive, sync: true, NullLogger.Instance);
        byte[] content = "1\t0/3000000\tshort\n"u8.ToArray();

        directory.WriteHistoryFile(new TimelineHistoryFile(2, "00000002.history", content));

        Assert.Equal(content, File.ReadAllBytes(temp.PathOf("00000002.history")));
    }

    [Fact]
    public void Timeline_1_has_no_history_file_and_needs_none()
    {
        using var temp = new TempDirectory();
        using WalDirectory directory = WalDirectory.Open(temp.Path, WalDirectoryMode.Archive, sync: true, NullLogger.Instance);

        Assert.True(directory.HasHistoryFile(1));
        Assert.False(File.Exists(temp.PathOf(WalFileName.History(1))));
    }
}
