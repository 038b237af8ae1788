using Microsoft.Extensions.Logging.Abstractions;

namespace StandbyAgent.Storage.Tests;

/// <summary>VerifyIdentity: the system identifier and segment size are pinned before any byte is written (I7).</summary>
public sealed class WalDirectoryIdentityTests
{
    private const int SixteenMegabytes = 16 * 1024 * 1024;

    [Fact]
    public void First_contact_records_the_identity_file_and_nothing_else()
    {
        using var temp = new TempDirectory();
        var logger = new RecordingLogger();
        using WalDirectory directory = WalDirectory.Open(temp.Path, WalDirectoryMode.Archive, sync: true, logger);

        directory.VerifyIdentity(TestWal.Identity);

        Assert.Equal([ClusterIdentity.FileName, WalDirectory.LockFileName], temp.Names());
        Assert.Equal(
            $"system_identifier = {TestWal.Identity.SystemIdentifier}\nwal_segment_size = {TestWal.SegmentSize}\n",
            File.ReadAllText(temp.PathOf(ClusterIdentity.FileName)));
        Assert.Single(logger.WithEventId(2000));
    }

    [Fact]
    public void The_same_identity_passes_again_and_leaves_the_file_as_it_was()
    {
        using var temp = new TempDirectory();
        using (WalDirectory first = WalDirectory.Open(temp.Path, WalDirectoryMode.Archive, sync: true, NullLogger.Instance))
        {
            first.VerifyIdentity(TestWal.Identity);
        }

        string path = temp.PathOf(ClusterIdentity.FileName);
        DateTime recordedAt = new DateTime(2001, 2, 3, 4, 5, 6, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(path, recordedAt);
        byte[] recorded = File.ReadAllBytes(path);
        var logger = new RecordingLogger();
        using WalDirectory second = WalDirectory.Open(temp.Path, WalDirectoryMode.Archive, sync: true, logger);

        second.VerifyIdentity(TestWal.Identity);
        second.VerifyIdentity(TestWal.Identity);

        Assert.Equal(recorded, File.ReadAllBytes(path));
        Assert.Equal(recordedAt, File.GetLastWriteTimeUtc(path));
        Assert.Empty(logger.WithEventId(2000));
    }

    [Fact]
    public void A_different_system_identifier_is_refused_and_nothing_is_created()
    {
        using var temp = new TempDirectory();
        using WalDirectory directory = WalDirectory.Open(temp.Path, WalDirectoryMode.Archive, sync: true, NullLogger.Instance);
        directory.VerifyIdentity(TestWal.Identity);
        string[] before = temp.Names();
        byte[] recorded = File.ReadAllBytes(temp.PathOf(ClusterIdentity.FileName));

        ClusterMismatchException error = Assert.Throws<ClusterMismatchException>(() => directory.VerifyIdentity(TestWal.OtherCluster));

        Assert.Contains($"belongs to database system {TestWal.Identity.SystemIdentifier}", error.Message, StringComparison.Ordinal);
        Assert.Contains($"the server is database system {TestWal.OtherCluster.SystemIdentifier}", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, temp.Names());
        Assert.Equal(recorded, File.ReadAllBytes(temp.PathOf(ClusterIdentity.FileName)));
    }

    [Fact]
    public void A_different_segment_size_is_refused_and_nothing_is_created()
    {
        using var temp = new TempDirectory();
        using WalDirectory directory = WalDirectory.Open(temp.Path, WalDirectoryMode.Archive, sync: true, NullLogger.Instance);
        directory.VerifyIdentity(TestWal.Identity);
        string[] before = temp.Names();

        ClusterMismatchException error = Assert.Throws<ClusterMismatchException>(
            () => directory.VerifyIdentity(TestWal.Identity with { SegmentSize = SixteenMegabytes }));

        Assert.Contains($"{TestWal.SegmentSize}-byte segments, but the server uses {SixteenMegabytes}-byte segments", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, temp.Names());
    }

    [Theory]
    [InlineData("")]
    [InlineData("system_identifier = 12\n")]
    [InlineData("system_identifier = twelve\nwal_segment_size = 1048576\n")]
    [InlineData("PK\u0003\u0004 not an identity file")]
    public void A_damaged_identity_file_is_a_clear_error_and_is_left_for_the_operator(string damaged)
    {
        using var temp = new TempDirectory();
        string path = temp.PathOf(ClusterIdentity.FileName);
        File.WriteAllText(path, damaged);
        using WalDirectory directory = WalDirectory.Open(temp.Path, WalDirectoryMode.Archive, sync: true, NullLogger.Instance);

        WalStorageException error = Assert.Throws<WalStorageException>(() => directory.VerifyIdentity(TestWal.Identity));

        Assert.Contains($"the identity file \"{path}\" is damaged", error.Message, StringComparison.Ordinal);
        Assert.Equal(damaged, File.ReadAllText(path));
        Assert.Equal([ClusterIdentity.FileName, WalDirectory.LockFileName], temp.Names());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Without_an_identity_file_the_segments_header_is_checked_and_a_match_is_recorded(bool partial)
    {
        using var temp = new TempDirectory();
        WriteSegments(temp.Path, TestWal.Identity, partial, 3);
        using WalDirectory directory = WalDirectory.Open(temp.Path, WalDirectoryMode.Archive, sync: true, NullLogger.Instance);

        directory.VerifyIdentity(TestWal.Identity);

        Assert.Equal(TestWal.Identity, ClusterIdentity.Parse(File.ReadAllText(temp.PathOf(ClusterIdentity.FileName)), "identity"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Without_an_identity_file_segments_of_another_system_are_refused_and_nothing_is_created(bool partial)
    {
        using var temp = new TempDirectory();
        WriteSegments(temp.Path, TestWal.OtherCluster, partial, 3);
        using WalDirectory directory = WalDirectory.Open(temp.Path, WalDirectoryMode.Archive, sync: true, NullLogger.Instance);
        string[] before = temp.Names();

        ClusterMismatchException error = Assert.Throws<ClusterMismatchException>(() => directory.VerifyIdentity(TestWal.Identity));

        Assert.Contains($"belongs to database system {TestWal.OtherCluster.SystemIdentifier}", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, temp.Names());
    }

    [Fact]
    public void Without_an_identity_file_a_partial_segment_whose_header_has_another_segment_size_is_refused()
    {
        using var temp = new TempDirectory();
        TestWal.WriteSegmentFile(temp.Path, TestWal.PartialName(3), TestWal.Identity with { SegmentSize = SixteenMegabytes }, 3, TestWal.SegmentSize);
        using WalDirectory directory = WalDirectory.Open(temp.Path, WalDirectoryMode.Archive, sync: true, NullLogger.Instance);

        ClusterMismatchException error = Assert.Throws<ClusterMismatchException>(() => directory.VerifyIdentity(TestWal.Identity));

        Assert.Contains($"{SixteenMegabytes}-byte segments, but the server uses {TestWal.SegmentSize}-byte segments", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(temp.PathOf(ClusterIdentity.FileName)));
    }

    /// <summary>
    /// Segments written by a server with 16 MB segments, checked against one that uses 1 MB: the
    /// complete files are the wrong size for 1 MB segments, but they are WAL of another segment
    /// size all the same, and their headers say so. The directory must be refused, not adopted.
    /// </summary>
    [Fact]
    public void Without_an_identity_file_complete_segments_of_another_segment_size_are_refused()
    {
        using var temp = new TempDirectory();
        var sixteenMegabyteCluster = TestWal.Identity with { SegmentSize = SixteenMegabytes };
        for (ulong segment = 1; segment <= 3; segment++)
        {
            TestWal.WriteSegmentFile(temp.Path, TestWal.Name(segment, segmentSize: SixteenMegabytes), sixteenMegabyteCluster, segment, SixteenMegabytes);
        }

        using WalDirectory directory = WalDirectory.Open(temp.Path, WalDirectoryMode.Archive, sync: true, NullLogger.Instance);

        Assert.Throws<ClusterMismatchException>(() => directory.VerifyIdentity(TestWal.Identity));
        Assert.False(File.Exists(temp.PathOf(ClusterIdentity.FileName)), "the directory was adopted for a cluster with another segment size");
    }

    /// <summary>
    /// The newest segment decides whose WAL the directory holds (the documented rule). Older
    /// segments of another system must not decide it, whichever order the directory lists files
    /// in: three sets of names make it unlikely that the newest happens to come first in all.
    /// </summary>
    [Theory]
    [InlineData(10UL)]
    [InlineData(200UL)]
    [InlineData(3000UL)]
    public void Without_an_identity_file_the_newest_segment_decides_not_an_older_one(ulong firstSegment)
    {
        using var temp = new TempDirectory();
        for (ulong segment = firstSegment; segment < firstSegment + 8; segment++)
        {
            TestWal.WriteSegmentFile(temp.Path, TestWal.Name(segment), TestWal.OtherCluster, segment, TestWal.SegmentSize);
        }

        TestWal.WriteSegmentFile(temp.Path, TestWal.PartialName(firstSegment + 8), TestWal.Identity, firstSegment + 8, TestWal.SegmentSize);
        using WalDirectory directory = WalDirectory.Open(temp.Path, WalDirectoryMode.Archive, sync: true, NullLogger.Instance);

        directory.VerifyIdentity(TestWal.Identity);

        Assert.True(File.Exists(temp.PathOf(ClusterIdentity.FileName)));
    }

    [Fact]
    public void Without_an_identity_file_a_newest_segment_of_another_system_is_refused_even_if_older_ones_match()
    {
        using var temp = new TempDirectory();
        for (ulong segment = 20; segment < 28; segment++)
        {
            TestWal.WriteSegmentFile(temp.Path, TestWal.Name(segment), TestWal.Identity, segment, TestWal.SegmentSize);
        }

        TestWal.WriteSegmentFile(temp.Path, TestWal.Name(28), TestWal.OtherCluster, 28, TestWal.SegmentSize);
        using WalDirectory directory = WalDirectory.Open(temp.Path, WalDirectoryMode.Archive, sync: true, NullLogger.Instance);

        Assert.Throws<ClusterMismatchException>(() => directory.VerifyIdentity(TestWal.Identity));
        Assert.False(File.Exists(temp.PathOf(ClusterIdentity.FileName)));
    }

    [Fact]
    public void Without_an_identity_file_a_segment_without_a_long_header_proves_nothing_and_the_identity_is_recorded()
    {
        using var temp = new TempDirectory();
        // A partial that was zero-filled but never written: no header to read.
        TestWal.WriteFile(temp.Path, TestWal.PartialName(5), new byte[TestWal.SegmentSize]);
        using WalDirectory directory = WalDirectory.Open(temp.Path, WalDirectoryMode.Archive, sync: true, NullLogger.Instance);

        directory.VerifyIdentity(TestWal.Identity);

        Assert.True(File.Exists(temp.PathOf(ClusterIdentity.FileName)));
    }

    [Fact]
    public void An_identity_file_wins_over_the_segments_headers()
    {
        using var temp = new TempDirectory();
        WriteSegments(temp.Path, TestWal.OtherCluster, partial: false, 2);
        File.WriteAllText(temp.PathOf(ClusterIdentity.FileName), TestWal.Identity.Serialize());
        using WalDirectory directory = WalDirectory.Open(temp.Path, WalDirectoryMode.Archive, sync: true, NullLogger.Instance);

        directory.VerifyIdentity(TestWal.Identity);
        Assert.Throws<ClusterMismatchException>(() => directory.VerifyIdentity(TestWal.OtherCluster));
    }

    [Fact]
    public void Recording_the_identity_leaves_no_temp_file()
    {
        using var temp = new TempDirectory();
        using WalDirectory directory = WalDirectory.Open(temp.Path, WalDirectoryMode.Archive, sync: false, NullLogger.Instance);

        directory.VerifyIdentity(TestWal.Identity);

        Assert.DoesNotContain(temp.Names(), name => name.EndsWith(".tmp", StringComparison.Ordinal));
    }

    /// <summary>Segments 1..<paramref name="count"/> of <paramref name="identity"/>, the last one partial if asked.</summary>
    private static void WriteSegments(string directory, ClusterIdentity identity, bool partial, int count)
    {
        for (ulong segment = 1; segment <= (ulong)count; segment++)
        {
            string name = partial && segment == (ulong)count ? TestWal.PartialName(segment) : TestWal.Name(segment);
            TestWal.WriteSegmentFile(directory, name, identity, segment, identity.SegmentSize);
        }
    }
}
