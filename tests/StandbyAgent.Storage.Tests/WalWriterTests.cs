using System.Collections.Concurrent;

namespace StandbyAgent.Storage.Tests;

/// <summary>
/// WalWriter on real files: contiguity (I3), byte-exactness (I2), segment completion (I4, R3,
/// R4), flush honesty (I1, R2, R11) and the first-page identity check (I7).
/// </summary>
public sealed class WalWriterTests
{
    private const int Segment = TestWal.SegmentSize;
    private static readonly Lsn s_segment3 = TestWal.SegmentStart(3);
    private static readonly Lsn s_segment4 = TestWal.SegmentStart(4);

    [Fact]
    public async Task Writes_land_at_their_offsets_in_the_partial_segment()
    {
        await using WalHarness wal = WalHarness.Create();
        WalWriter writer = wal.StartWriter(s_segment3);
        byte[] expected = TestWal.Bytes(wal.Identity, s_segment3, 300_000);
        int offset = 0;
        foreach (int size in (int[])[40, 1, 8151, 100_000, 7, 191_801])
        {
            writer.Write(writer.Written, new ReadOnlySequence<byte>(expected, offset, size));
            offset += size;
            Assert.Equal(s_segment3 + (ulong)offset, writer.Written);
        }

        await writer.CloseAsync();

        Assert.Equal([TestWal.PartialName(3)], wal.WalNames());
        byte[] file = wal.ReadFile(TestWal.PartialName(3));
        Assert.Equal(Segment, file.Length);
        TestWal.AssertBytesEqual(expected, file.AsSpan(0, expected.Length), "written part");
        TestWal.AssertAllZero(file.AsSpan(expected.Length), "rest of the segment");
    }

    [Theory]
    [InlineData(-1L)]
    [InlineData(1L)]
    [InlineData(-8192L)]
    [InlineData(8192L)]
    [InlineData((long)Segment)]
    public async Task A_write_that_does_not_start_at_Written_is_refused_and_writes_nothing(long shift)
    {
        await using WalHarness wal = WalHarness.Create();
        WalWriter writer = wal.StartWriter(s_segment3);
        wal.WriteNext(writer, 16_384);
        Lsn written = writer.Written;
        byte[] before = wal.ReadFile(TestWal.PartialName(3));
        var wrongStart = new Lsn((ulong)((long)written.Value + shift));

        ProtocolViolationException error = Assert.Throws<ProtocolViolationException>(
            () => writer.Write(wrongStart, new ReadOnlySequence<byte>(TestWal.Bytes(wal.Identity, wrongStart, 20_000))));

        Assert.Contains($"starting at {wrongStart}, but the next byte expected is {written}", error.Message, StringComparison.Ordinal);
        Assert.Equal(written, writer.Written);
        TestWal.AssertBytesEqual(before, wal.ReadFile(TestWal.PartialName(3)), "segment after the refused write");
        Assert.Equal([TestWal.PartialName(3)], wal.WalNames());
    }

    [Fact]
    public async Task A_first_write_that_does_not_start_at_the_start_is_refused_before_any_file_is_made()
    {
        await using WalHarness wal = WalHarness.Create();
        WalWriter writer = wal.StartWriter(s_segment3);
        Lsn late = s_segment3 + 8192;

        Assert.Throws<ProtocolViolationException>(() => writer.Write(late, new ReadOnlySequence<byte>(TestWal.Bytes(wal.Identity, late, 100))));

        Assert.Empty(wal.WalNames());
        Assert.Equal(s_segment3, writer.Written);
    }

    [Fact]
    public async Task An_empty_payload_changes_nothing_and_opens_no_segment()
    {
        await using WalHarness wal = WalHarness.Create();
        WalWriter writer = wal.StartWriter(s_segment3);

        writer.Write(s_segment3, ReadOnlySequence<byte>.Empty);

        Assert.Equal(s_segment3, writer.Written);
        Assert.Empty(wal.WalNames());
    }

    [Fact]
    public async Task A_payload_crossing_a_segment_boundary_is_split_and_the_first_segment_completed()
    {
        await using WalHarness wal = WalHarness.Create();
        WalWriter writer = wal.StartWriter(s_segment3);
        wal.WriteNext(writer, Segment - 1000);

        wal.WriteNext(writer, 5000);
        await writer.FlushAsync();

        Assert.Equal([TestWal.Name(3), TestWal.PartialName(4)], wal.WalNames());
        TestWal.AssertBytesEqual(TestWal.Segment(wal.Identity, 3), wal.ReadFile(TestWal.Name(3)), "completed segment 3");
        byte[] partial = wal.ReadFile(TestWal.PartialName(4));
        TestWal.AssertBytesEqual(TestWal.Bytes(wal.Identity, s_segment4, 4000), partial.AsSpan(0, 4000), "start of segment 4");
        TestWal.AssertAllZero(partial.AsSpan(4000), "rest of segment 4");
        Assert.Equal(1, writer.SegmentsCompleted);
        Assert.Equal(s_segment4 + 4000, writer.Written);
        Assert.Equal(writer.Written, writer.Flushed);
    }

    [Fact]
    public async Task The_next_segment_is_prepared_ahead_while_the_current_one_is_written()
    {
        await using WalHarness wal = WalHarness.Create();
        WalWriter writer = wal.StartWriter(s_segment3);

        wal.WriteNext(writer, 1000);
        string prepared = wal.PathOf(TestWal.PartialName(4) + ".tmp");
        bool ready = SpinWait.SpinUntil(() => File.Exists(prepared) && new FileInfo(prepared).Length == Segment, TimeSpan.FromSeconds(30));

        Assert.True(ready, $"{prepared} was not prepared");
        wal.WriteNext(writer, Segment);
        await writer.CloseAsync();
        Assert.Equal([TestWal.Name(3), TestWal.PartialName(4)], wal.WalNames());
        TestWal.AssertBytesEqual(TestWal.Bytes(wal.Identity, s_segment4, 1000), wal.ReadFile(TestWal.PartialName(4)).AsSpan(0, 1000), "segment 4");
        TestWal.AssertAllZero(wal.ReadFile(TestWal.PartialName(4)).AsSpan(1000), "rest of segment 4");
    }

    [Fact]
    public async Task One_payload_spanning_three_segments_completes_two_and_leaves_the_third_partial()
    {
        await using WalHarness wal = WalHarness.Create();
        WalWriter writer = wal.StartWriter(s_segment3);

        wal.WriteNext(writer, (2 * Segment) + 123);
        await writer.CloseAsync();

        Assert.Equal([TestWal.Name(3), TestWal.Name(4), TestWal.PartialName(5)], wal.WalNames());
        TestWal.AssertBytesEqual(TestWal.Segment(wal.Identity, 3), wal.ReadFile(TestWal.Name(3)), "segment 3");
        TestWal.AssertBytesEqual(TestWal.Segment(wal.Identity, 4), wal.ReadFile(TestWal.Name(4)), "segment 4");
        TestWal.AssertBytesEqual(TestWal.Bytes(wal.Identity, TestWal.SegmentStart(5), 123), wal.ReadFile(TestWal.PartialName(5)).AsSpan(0, 123), "segment 5");
        Assert.Equal(2, writer.SegmentsCompleted);
    }

    [Fact]
    public async Task A_payload_ending_exactly_at_a_segment_end_completes_it_without_opening_the_next()
    {
        await using WalHarness wal = WalHarness.Create();
        WalWriter writer = wal.StartWriter(s_segment3);

        wal.WriteNext(writer, Segment);
        await writer.CloseAsync();

        Assert.Equal([TestWal.Name(3)], wal.WalNames());
        Assert.Equal(s_segment4, writer.Flushed);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(63)]
    [InlineData(64)]
    [InlineData(65)]
    [InlineData(200)]
    [InlineData(5000)]
    public async Task A_payload_of_many_small_blocks_crossing_a_boundary_is_written_exactly(int blocks)
    {
        await using WalHarness wal = WalHarness.Create();
        WalWriter writer = wal.StartWriter(s_segment3);
        wal.WriteNext(writer, 700_000);
        byte[] payload = TestWal.Bytes(wal.Identity, writer.Written, 1_000_000);

        writer.Write(writer.Written, BlockSequence.FromBlocks(payload, BlockSequence.VariedSizes(blocks, payload.Length, seed: blocks)));
        await writer.CloseAsync();

        Assert.Equal([TestWal.Name(3), TestWal.PartialName(4)], wal.WalNames());
        TestWal.AssertBytesEqual(TestWal.Segment(wal.Identity, 3), wal.ReadFile(TestWal.Name(3)), "segment 3");
        int inSegment4 = 700_000 + 1_000_000 - Segment;
        byte[] segment4 = wal.ReadFile(TestWal.PartialName(4));
        TestWal.AssertBytesEqual(TestWal.Bytes(wal.Identity, s_segment4, inSegment4), segment4.AsSpan(0, inSegment4), "segment 4");
        TestWal.AssertAllZero(segment4.AsSpan(inSegment4), "rest of segment 4");
    }

    [Fact]
    public async Task A_segment_start_whose_header_arrives_one_byte_per_block_is_checked_and_written()
    {
        await using WalHarness wal = WalHarness.Create();
        WalWriter writer = wal.StartWriter(s_segment3);
        byte[] payload = TestWal.Bytes(wal.Identity, s_segment3, 100);

        writer.Write(s_segment3, BlockSequence.FromBlocks(payload, [.. Enumerable.Repeat(1, 100)]));
        await writer.CloseAsync();

        TestWal.AssertBytesEqual(payload, wal.ReadFile(TestWal.PartialName(3)).AsSpan(0, 100), "segment 3");
    }

    public static TheoryData<string, byte[]> ForeignFirstPages => new()
    {
        { "another system identifier", TestWal.LongPageHeader(TestWal.OtherCluster.SystemIdentifier, s_segment3.Value, Segment) },
        { "the page address of the next segment", TestWal.LongPageHeader(TestWal.Identity.SystemIdentifier, s_segment4.Value, Segment) },
        { "the page address zero", TestWal.LongPageHeader(TestWal.Identity.SystemIdentifier, 0, Segment) },
        { "no long-header flag", TestWal.LongPageHeader(TestWal.Identity.SystemIdentifier, s_segment3.Value, Segment, info: 0x0001) },
        { "another segment size", TestWal.LongPageHeader(TestWal.Identity.SystemIdentifier, s_segment3.Value, 16 * 1024 * 1024) },
        { "all zeros", new byte[TestWal.LongPageHeaderLength] },
    };

    [Theory]
    [MemberData(nameof(ForeignFirstPages))]
    public async Task A_first_page_that_does_not_belong_here_is_refused_before_anything_is_written(string problem, byte[] header)
    {
        await using WalHarness wal = WalHarness.Create();
        WalWriter writer = wal.StartWriter(s_segment3);
        byte[] payload = TestWal.Bytes(wal.Identity, s_segment3, 8192);
        header.CopyTo(payload, 0);

        ProtocolViolationException error = Assert.Throws<ProtocolViolationException>(() => writer.Write(s_segment3, new ReadOnlySequence<byte>(payload)));

        Assert.Contains($"the first page of segment {TestWal.Name(3)} does not belong here", error.Message, StringComparison.Ordinal);
        Assert.Equal(s_segment3, writer.Written);
        await writer.FlushAsync();
        Assert.Equal(s_segment3, writer.Flushed);
        foreach (string name in wal.WalNames())
        {
            TestWal.AssertAllZero(wal.ReadFile(name), $"{name} after refusing {problem}");
        }
    }

    [Fact]
    public async Task A_foreign_header_at_the_next_segment_stops_the_write_at_the_boundary()
    {
        await using WalHarness wal = WalHarness.Create();
        WalWriter writer = wal.StartWriter(s_segment3);
        wal.WriteNext(writer, Segment - 100);
        byte[] payload = TestWal.Bytes(wal.Identity, writer.Written, 5000);
        TestWal.LongPageHeader(TestWal.OtherCluster.SystemIdentifier, s_segment4.Value, Segment).CopyTo(payload, 100);

        Assert.Throws<ProtocolViolationException>(() => writer.Write(writer.Written, new ReadOnlySequence<byte>(payload)));
        await writer.FlushAsync();

        Assert.Equal(s_segment4, writer.Written);
        Assert.Equal(s_segment4, writer.Flushed);
        TestWal.AssertBytesEqual(TestWal.Segment(wal.Identity, 3), wal.ReadFile(TestWal.Name(3)), "segment 3");
        TestWal.AssertAllZero(wal.ReadFile(TestWal.PartialName(4)), "segment 4");
    }

    /// <summary>
    /// The check must not depend on how the server cuts its messages: a foreign long page header
    /// that arrives in two XLogData messages has to be refused too (by either write), and its
    /// system identifier must never reach the file.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(24)]
    [InlineData(39)]
    public async Task A_foreign_long_page_header_split_over_two_messages_is_refused_too(int firstPiece)
    {
        await using WalHarness wal = WalHarness.Create();
        WalWriter writer = wal.StartWriter(s_segment3);
        byte[] foreign = TestWal.Bytes(TestWal.OtherCluster, s_segment3, 8192);

        Exception? error = Record.Exception(() =>
        {
            writer.Write(s_segment3, new ReadOnlySequence<byte>(foreign, 0, firstPiece));
            writer.Write(writer.Written, new ReadOnlySequence<byte>(foreign, firstPiece, foreign.Length - firstPiece));
        });
        await writer.CloseAsync();

        Assert.IsType<ProtocolViolationException>(error);
        byte[] file = wal.ReadFile(TestWal.PartialName(3));
        TestWal.AssertAllZero(file.AsSpan(24, 8), "xlp_sysid in the file");
    }

    [Fact]
    public async Task CloseAsync_leaves_the_last_segment_partial_fsynced_and_closed()
    {
        await using WalHarness wal = WalHarness.Create();
        WalWriter writer = wal.StartWriter(s_segment3);
        wal.WriteNext(writer, Segment + 54_321);

        await writer.CloseAsync();

        Assert.Equal([TestWal.Name(3), TestWal.PartialName(4)], wal.WalNames());
        Assert.Equal(writer.Written, writer.Flushed);
        Assert.Empty(wal.OpenSegmentFiles());
    }

    [Fact]
    public async Task Write_after_CloseAsync_is_refused()
    {
        await using WalHarness wal = WalHarness.Create();
        WalWriter writer = wal.StartWriter(s_segment3);
        wal.WriteNext(writer, 100);
        await writer.CloseAsync();

        Assert.Throws<ObjectDisposedException>(() => wal.WriteNext(writer, 100));
        await writer.CloseAsync();
        Assert.Equal(s_segment3 + 100, writer.Written);
    }

    [Fact]
    public async Task Flushed_starts_at_the_start_and_equals_Written_after_FlushAsync()
    {
        await using WalHarness wal = WalHarness.Create();
        WalWriter writer = wal.StartWriter(s_segment3);
        Assert.Equal(s_segment3, writer.Flushed);
        Assert.Equal(s_segment3, writer.Start);

        wal.WriteNext(writer, 77_777);
        await writer.FlushAsync();
        Assert.Equal(writer.Written, writer.Flushed);

        wal.WriteNext(writer, Segment);
        await writer.FlushAsync();
        Assert.Equal(writer.Written, writer.Flushed);
        Assert.Equal(s_segment4 + 77_777, writer.Flushed);
    }

    [Fact]
    public async Task Flush_reports_only_grow_and_never_pass_what_was_written()
    {
        await using WalHarness wal = WalHarness.Create();
        var violations = new ConcurrentQueue<string>();
        WalWriter? writer = null;
        writer = wal.StartWriter(s_segment3, onFlush: flushed =>
        {
            if (flushed > writer!.Written)
            {
                violations.Enqueue($"flush {flushed} reported with only {writer.Written} written");
            }
        });

        for (int i = 0; i < 40; i++)
        {
            wal.WriteNext(writer, 90_001);
            writer.RequestSync();
        }

        await writer.FlushAsync();

        Assert.Empty(violations);
        Lsn[] reports = [.. wal.FlushReports];
        Assert.NotEmpty(reports);
        for (int i = 1; i < reports.Length; i++)
        {
            Assert.True(reports[i] > reports[i - 1], $"report {i} ({reports[i]}) does not follow {reports[i - 1]}");
        }

        Assert.Equal(writer.Written, reports[^1]);
        Assert.Equal(writer.Written, writer.Flushed);
    }

    /// <summary>
    /// R11: a flush position inside segment N+1 may only be published once segment N is fsynced
    /// and renamed. Each report takes a directory listing and checks every segment that ends at or
    /// before the reported position already has its final name.
    /// </summary>
    [Fact]
    public async Task No_flush_report_claims_a_segment_before_every_earlier_one_is_complete()
    {
        await using WalHarness wal = WalHarness.Create();
        var violations = new ConcurrentQueue<string>();
        var reportsPastABoundary = new ConcurrentQueue<Lsn>();
        WalWriter writer = wal.StartWriter(s_segment3, onFlush: flushed =>
        {
            string[] names = wal.Names();
            for (ulong segment = 3; TestWal.SegmentStart(segment + 1) <= flushed; segment++)
            {
                reportsPastABoundary.Enqueue(flushed);
                if (!names.Contains(TestWal.Name(segment)) || names.Contains(TestWal.PartialName(segment)))
                {
                    violations.Enqueue($"flush {flushed} reported while {TestWal.Name(segment)} is not complete: {string.Join(", ", names)}");
                }
            }
        });

        for (int i = 0; i < 70; i++)
        {
            wal.WriteNext(writer, 100_003);
            writer.RequestSync();
        }

        await writer.FlushAsync();

        Assert.Empty(violations);
        Assert.NotEmpty(reportsPastABoundary);
        Assert.Equal(writer.Written, writer.Flushed);
        Assert.Equal(6, writer.SegmentsCompleted);
    }

    [Fact]
    public async Task With_sync_off_Flushed_stays_at_the_start_and_nothing_is_reported()
    {
        await using WalHarness wal = WalHarness.Create(sync: false);
        WalWriter writer = wal.StartWriter(s_segment3);

        wal.WriteNext(writer, (2 * Segment) + 500);
        writer.RequestSync();
        await writer.FlushAsync();
        await writer.CloseAsync();

        Assert.Equal(s_segment3, writer.Flushed);
        Assert.Empty(wal.FlushReports);
        Assert.Equal([TestWal.Name(3), TestWal.Name(4), TestWal.PartialName(5)], wal.WalNames());
        TestWal.AssertBytesEqual(TestWal.Segment(wal.Identity, 4), wal.ReadFile(TestWal.Name(4)), "segment 4");
    }

    [Theory]
    [InlineData(1UL)]
    [InlineData(8192UL)]
    [InlineData((3UL * Segment) - 1)]
    [InlineData((3UL * Segment) + 40)]
    public async Task A_start_that_is_not_a_segment_boundary_is_rejected(ulong start)
    {
        await using WalHarness wal = WalHarness.Create();

        ArgumentException error = Assert.Throws<ArgumentException>(() => wal.StartWriter(new Lsn(start)));

        Assert.Equal("start", error.ParamName);
        Assert.Empty(wal.WalNames());
    }

    [Fact]
    public async Task Files_are_named_after_the_writers_timeline()
    {
        await using WalHarness wal = WalHarness.Create();
        WalWriter writer = wal.StartWriter(s_segment3, timeline: 0x1C);

        wal.WriteNext(writer, Segment + 100);
        await writer.CloseAsync();

        Assert.Equal(0x1Cu, writer.Timeline);
        Assert.Equal([TestWal.Name(3, 0x1C), TestWal.PartialName(4, 0x1C)], wal.WalNames());
    }

    [Fact]
    public async Task A_new_writer_on_a_partial_segment_rewrites_it_from_its_first_byte()
    {
        await using WalHarness wal = WalHarness.Create();
        WalWriter first = wal.StartWriter(s_segment3);
        wal.WriteNext(first, 600_000);
        await first.CloseAsync();
        StreamingStart resume = wal.Directory.FindStreamingStart(Segment)!;
        Assert.Equal(s_segment3, resume.Start);

        WalWriter second = wal.StartWriter(resume.Start, resume.Timeline);
        wal.WriteNext(second, Segment + 100);
        await second.CloseAsync();

        Assert.Equal([TestWal.Name(3), TestWal.PartialName(4)], wal.WalNames());
        TestWal.AssertBytesEqual(TestWal.Segment(wal.Identity, 3), wal.ReadFile(TestWal.Name(3)), "segment 3");
    }

    [Fact]
    public async Task Streaming_resumes_after_the_last_complete_segment()
    {
        await using WalHarness wal = WalHarness.Create();
        WalWriter first = wal.StartWriter(s_segment3);
        wal.WriteNext(first, Segment);
        await first.CloseAsync();

        StreamingStart resume = wal.Directory.FindStreamingStart(Segment)!;
        WalWriter second = wal.StartWriter(resume.Start, resume.Timeline);
        wal.WriteNext(second, Segment);
        await second.CloseAsync();

        Assert.Equal(s_segment4, resume.Start);
        Assert.Equal([TestWal.Name(3), TestWal.Name(4)], wal.WalNames());
        TestWal.AssertBytesEqual(TestWal.Segment(wal.Identity, 4), wal.ReadFile(TestWal.Name(4)), "segment 4");
    }
}
