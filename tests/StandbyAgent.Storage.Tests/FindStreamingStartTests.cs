using Microsoft.Extensions.Logging;

namespace StandbyAgent.Storage.Tests;

/// <summary>
/// FindStreamingStart with pg_receivewal's rules (receivers.md 4.3): the highest segment by
/// (segment, timeline, complete before partial) decides; complete means "the next segment",
/// partial means "that segment again from its first byte"; complete files of the wrong size are
/// skipped with a warning; anything that is not a plain segment name is ignored.
/// </summary>
public sealed class FindStreamingStartTests : IDisposable
{
    private const int OneMegabyte = 1024 * 1024;
    private const int SixteenMegabytes = 16 * 1024 * 1024;
    private const int OneGigabyte = 1024 * 1024 * 1024;

    private readonly TempDirectory _temp = new();
    private readonly RecordingLogger _logger = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void An_empty_directory_has_no_streaming_start()
    {
        Assert.Null(Find());
    }

    [Fact]
    public void A_directory_with_only_other_files_has_no_streaming_start()
    {
        File.WriteAllText(_temp.PathOf(ClusterIdentity.FileName), TestWal.Identity.Serialize());
        File.WriteAllText(_temp.PathOf("00000002.history"), "1\t0/3000000\tx\n");
        File.WriteAllText(_temp.PathOf("README"), "x");

        Assert.Null(Find());
    }

    [Fact]
    public void The_highest_complete_segment_means_start_at_the_next_segment()
    {
        Complete(1, 2);
        Complete(1, 3);
        Complete(1, 7);

        StreamingStart start = Find()!;

        Assert.Equal(new StreamingStart(1, TestWal.SegmentStart(8), $"continuing after complete segment {TestWal.Name(7)}"), start);
    }

    [Fact]
    public void The_highest_partial_segment_means_stream_that_segment_again_from_its_first_byte()
    {
        Complete(1, 6);
        Partial(1, 7, TestWal.SegmentSize);

        StreamingStart start = Find()!;

        Assert.Equal(new StreamingStart(1, TestWal.SegmentStart(7), $"resuming incomplete segment {TestWal.PartialName(7)}"), start);
    }

    [Fact]
    public void A_complete_segment_beats_a_partial_of_the_same_segment_and_timeline()
    {
        Partial(1, 7, TestWal.SegmentSize);
        Complete(1, 7);

        Assert.Equal(TestWal.SegmentStart(8), Find()!.Start);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public void The_higher_timeline_wins_for_the_same_segment(bool lowerIsPartial, bool higherIsPartial)
    {
        Add(lowerIsPartial, 3, 9);
        Add(higherIsPartial, 4, 9);

        StreamingStart start = Find()!;

        Assert.Equal(4u, start.Timeline);
        Assert.Equal(TestWal.SegmentStart(higherIsPartial ? 9UL : 10UL), start.Start);
    }

    [Fact]
    public void A_higher_segment_wins_over_a_higher_timeline()
    {
        Complete(2, 8);
        Partial(1, 9, TestWal.SegmentSize);

        StreamingStart start = Find()!;

        Assert.Equal(1u, start.Timeline);
        Assert.Equal(TestWal.SegmentStart(9), start.Start);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(TestWal.SegmentSize - 1)]
    [InlineData(TestWal.SegmentSize + 1)]
    [InlineData(2 * TestWal.SegmentSize)]
    public void A_complete_segment_of_the_wrong_size_is_skipped_with_a_warning(int size)
    {
        Complete(1, 4);
        TestWal.WriteFile(_temp.Path, TestWal.Name(5), new byte[size]);

        StreamingStart start = Find()!;

        Assert.Equal(TestWal.SegmentStart(5), start.Start);
        LogEntry warning = Assert.Single(_logger.WithEventId(2001));
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains(TestWal.Name(5), warning.Message, StringComparison.Ordinal);
        Assert.Contains($"incorrect size {size}", warning.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(100)]
    public void A_partial_segment_counts_whatever_its_size(int size)
    {
        Complete(1, 4);
        Partial(1, 5, size);

        Assert.Equal(TestWal.SegmentStart(5), Find()!.Start);
        Assert.Empty(_logger.WithEventId(2001));
    }

    [Theory]
    [InlineData("000000010000000000000009.gz")]
    [InlineData("000000010000000000000009.partial.gz")]
    [InlineData("000000010000000000000009.lz4")]
    [InlineData("000000010000000000000009.zst")]
    [InlineData("000000010000000000000009.tmp")]
    [InlineData("000000010000000000000009.partial.tmp")]
    [InlineData("000000010000000000000009.backup")]
    [InlineData("000000010000000000000009.00000028.backup")]
    [InlineData("00000009.history")]
    [InlineData("00000001000000000000000a")]
    [InlineData("00000001000000000000000a.partial")]
    [InlineData("00000001000000000000009")]
    [InlineData("0000000100000000000000009")]
    [InlineData(" 00000001000000000000009")]
    [InlineData("000000010000000000000009.PARTIAL")]
    [InlineData("000000010000000000000009.partia")]
    [InlineData("000000000000000000000009")]
    [InlineData("000000010000000000001000")]
    [InlineData("00000001000000000000000G")]
    [InlineData("+00000010000000000000009")]
    public void Names_that_are_not_segments_are_ignored(string name)
    {
        Complete(1, 4);
        TestWal.WriteFile(_temp.Path, name, new byte[TestWal.SegmentSize]);

        Assert.Equal(TestWal.SegmentStart(5), Find()!.Start);
    }

    [Fact]
    public void A_directory_named_like_a_segment_is_ignored()
    {
        Complete(1, 4);
        Directory.CreateDirectory(_temp.PathOf(TestWal.Name(9)));

        Assert.Equal(TestWal.SegmentStart(5), Find()!.Start);
    }

    /// <summary>Names split the segment number at 4 GB of WAL: 256 segments of 16 MB, 4096 of 1 MB, 4 of 1 GB.</summary>
    [Theory]
    [InlineData(SixteenMegabytes, "0000000100000001000000FF", true, "1/FF000000")]
    [InlineData(SixteenMegabytes, "0000000100000001000000FF", false, "2/0")]
    [InlineData(SixteenMegabytes, "000000010000000200000000", true, "2/0")]
    [InlineData(OneMegabyte, "000000010000000100000FFF", true, "1/FFF00000")]
    [InlineData(OneMegabyte, "000000010000000100000FFF", false, "2/0")]
    [InlineData(OneMegabyte, "0000000100000000000000FF", false, "0/10000000")]
    [InlineData(OneGigabyte, "000000010000000500000003", true, "5/C0000000")]
    [InlineData(OneMegabyte, "00000001FFFFFFFF00000FFE", true, "FFFFFFFF/FFE00000")]
    public void Segments_beyond_the_first_four_gigabytes_are_found_at_the_right_position(int segmentSize, string name, bool partial, string expectedStart)
    {
        // Complete files must have the full size; sparse ones cost nothing.
        TestWal.WriteSegmentFile(_temp.Path, TestWal.Name(1, segmentSize: segmentSize), TestWal.Identity with { SegmentSize = segmentSize }, 1, segmentSize);
        string fileName = partial ? name + WalFileName.PartialSuffix : name;
        using (var file = new FileStream(_temp.PathOf(fileName), FileMode.CreateNew, FileAccess.Write))
        {
            file.SetLength(segmentSize);
        }

        using var scope = new WalDirectoryScope(_temp.Path, _logger);
        StreamingStart start = scope.Directory.FindStreamingStart(segmentSize)!;

        Assert.Equal(Lsn.Parse(expectedStart), start.Start);
        Assert.Equal(1u, start.Timeline);
    }

    [Fact]
    public void Segments_of_an_old_low_timeline_do_not_hide_a_higher_segment_of_a_newer_one()
    {
        Complete(1, 2);
        Complete(1, 3);
        Partial(1, 4, TestWal.SegmentSize);
        Complete(2, 4);
        Complete(2, 5);
        Partial(2, 6, 0);

        StreamingStart start = Find()!;

        Assert.Equal(new StreamingStart(2, TestWal.SegmentStart(6), $"resuming incomplete segment {TestWal.PartialName(6, 2)}"), start);
    }

    private StreamingStart? Find()
    {
        using var scope = new WalDirectoryScope(_temp.Path, _logger);
        return scope.Directory.FindStreamingStart(TestWal.SegmentSize);
    }

    private void Add(bool partial, uint timeline, ulong segment)
    {
        if (partial)
        {
            Partial(timeline, segment, TestWal.SegmentSize);
        }
        else
        {
            Complete(timeline, segment);
        }
    }

    private void Complete(uint timeline, ulong segment) =>
        TestWal.WriteSegmentFile(_temp.Path, TestWal.Name(segment, timeline), TestWal.Identity, segment, TestWal.SegmentSize);

    private void Partial(uint timeline, ulong segment, int size)
    {
        using var file = new FileStream(_temp.PathOf(TestWal.PartialName(segment, timeline)), FileMode.CreateNew, FileAccess.Write);
        file.SetLength(size);
    }

    /// <summary>Opens the directory for one look and lets it go, so each test can open it again.</summary>
    private sealed class WalDirectoryScope : IDisposable
    {
        public WalDirectoryScope(string path, ILogger logger) => Directory = WalDirectory.Open(path, WalDirectoryMode.Archive, sync: false, logger);

        public WalDirectory Directory { get; }

        public void Dispose() => Directory.Dispose();
    }
}
