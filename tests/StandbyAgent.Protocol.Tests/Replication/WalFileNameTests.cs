using StandbyAgent.Protocol.Replication;
using StandbyAgent.Protocol.Tests.Support;

namespace StandbyAgent.Protocol.Tests.Replication;

public sealed class WalFileNameTests
{
    private const int OneMegabyte = 1 << 20;
    private const int SixteenMegabytes = 16 << 20;
    private const int SixtyFourMegabytes = 64 << 20;
    private const int OneGigabyte = 1 << 30;

    /// <summary>The segment number is split at 2^32 bytes of WAL, which is 256 segments only at 16 MB.</summary>
    [Theory]
    [InlineData(1u, 0x100ul, SixteenMegabytes, "000000010000000100000000")]
    [InlineData(1u, 0x100ul, OneMegabyte, "000000010000000000000100")]
    [InlineData(1u, 0x100ul, SixtyFourMegabytes, "000000010000000400000000")]
    [InlineData(1u, 0x100ul, OneGigabyte, "000000010000004000000000")]
    [InlineData(1u, 0xFFul, SixteenMegabytes, "0000000100000000000000FF")]
    [InlineData(0x1Au, 0ul, SixteenMegabytes, "0000001A0000000000000000")]
    [InlineData(uint.MaxValue, 0xFF_FFFF_FFFFul, SixteenMegabytes, "FFFFFFFFFFFFFFFF000000FF")]
    [InlineData(2u, 0xFFF_FFFF_FFFFul, OneMegabyte, "00000002FFFFFFFF00000FFF")]
    [InlineData(3u, 0x3_FFFF_FFFFul, OneGigabyte, "00000003FFFFFFFF00000003")]
    public void Segment_name_is_timeline_then_segment_number_split_at_four_gigabytes(uint timeline, ulong segment, int segmentSize, string expected)
    {
        Assert.Equal(expected, WalFileName.Segment(timeline, segment, segmentSize));

        Assert.True(WalFileName.TryParseSegment(expected, segmentSize, out uint parsedTimeline, out ulong parsedSegment, out bool isPartial));
        Assert.Equal((timeline, segment, false), (parsedTimeline, parsedSegment, isPartial));
    }

    [Theory]
    [InlineData(SixteenMegabytes, 256ul)]
    [InlineData(OneMegabyte, 4096ul)]
    [InlineData(OneGigabyte, 4ul)]
    public void Segments_per_four_gigabytes_of_wal_depend_on_the_segment_size(int segmentSize, ulong expected)
    {
        Assert.Equal(expected, WalFileName.SegmentsPerXLogId(segmentSize));
    }

    [Theory]
    [InlineData("16/B374D848", SixteenMegabytes, 0x16B3ul, "16/B3000000")]
    [InlineData("16/B374D848", OneMegabyte, 0x16B37ul, "16/B3700000")]
    [InlineData("16/B374D848", OneGigabyte, 0x5Aul, "16/80000000")]
    [InlineData("0/0", SixteenMegabytes, 0ul, "0/0")]
    public void Segment_of_a_location_and_the_start_of_that_segment(string lsn, int segmentSize, ulong segment, string start)
    {
        Assert.Equal(segment, WalFileName.SegmentNumber(Lsn.Parse(lsn), segmentSize));
        Assert.Equal(Lsn.Parse(start), WalFileName.SegmentStart(segment, segmentSize));
    }

    [Fact]
    public void Partial_suffix_is_recognised()
    {
        Assert.True(WalFileName.TryParseSegment("0000000200000016000000B3.partial", SixteenMegabytes, out uint timeline, out ulong segment, out bool isPartial));

        Assert.Equal((2u, 0x16B3ul, true), (timeline, segment, isPartial));
    }

    [Theory]
    [InlineData("0000000100000001000000aa", SixteenMegabytes)]
    [InlineData("00000001000000010000000", SixteenMegabytes)]
    [InlineData("0000000100000001000000000", SixteenMegabytes)]
    [InlineData("000000000000000100000000", SixteenMegabytes)]
    [InlineData("000000010000000100000100", SixteenMegabytes)]
    [InlineData("000000010000000000001000", OneMegabyte)]
    [InlineData("000000010000000000000004", OneGigabyte)]
    [InlineData("00000001000000010000000G", SixteenMegabytes)]
    [InlineData("+00000010000000100000000", SixteenMegabytes)]
    [InlineData(" 00000010000000100000000", SixteenMegabytes)]
    [InlineData("000000010000000100000000.gz", SixteenMegabytes)]
    [InlineData("000000010000000100000000.gz.partial", SixteenMegabytes)]
    [InlineData("000000010000000100000000.PARTIAL", SixteenMegabytes)]
    [InlineData("000000010000000100000000.history", SixteenMegabytes)]
    [InlineData("000000010000000100000000.partial.tmp", SixteenMegabytes)]
    [InlineData("00000001.history", SixteenMegabytes)]
    [InlineData("", SixteenMegabytes)]
    public void Anything_but_an_upper_case_segment_name_of_this_size_is_not_a_segment(string fileName, int segmentSize)
    {
        Assert.False(WalFileName.TryParseSegment(fileName, segmentSize, out _, out _, out _));
    }

    [Theory]
    [InlineData("0000000100000001000000FF", SixteenMegabytes)]
    [InlineData("000000010000000000000FFF", OneMegabyte)]
    [InlineData("000000010000000000000003", OneGigabyte)]
    public void Last_segment_of_each_four_gigabytes_is_a_segment(string fileName, int segmentSize)
    {
        Assert.True(WalFileName.TryParseSegment(fileName, segmentSize, out _, out _, out _));
    }

    [Theory]
    [InlineData(1u, "00000001.history")]
    [InlineData(0xABCDEFu, "00ABCDEF.history")]
    [InlineData(uint.MaxValue, "FFFFFFFF.history")]
    public void History_file_name_is_the_timeline_in_eight_upper_case_hex_digits(uint timeline, string expected)
    {
        Assert.Equal(expected, WalFileName.History(timeline));
    }

    [Theory]
    [InlineData(OneMegabyte)]
    [InlineData(SixteenMegabytes)]
    [InlineData(SixtyFourMegabytes)]
    [InlineData(OneGigabyte)]
    public void Segment_names_round_trip_for_arbitrary_timelines_and_segments(int segmentSize)
    {
        Random random = TestRandom.Create(segmentSize);
        ulong segmentCount = ulong.MaxValue / (ulong)segmentSize;
        for (int i = 0; i < TestRandom.Cases; i++)
        {
            uint timeline = (uint)random.NextInt64(1, 1L + uint.MaxValue);
            ulong segment = TestRandom.UInt64(random) % (segmentCount + 1);
            bool partial = random.Next(2) == 0;
            string name = WalFileName.Segment(timeline, segment, segmentSize) + (partial ? WalFileName.PartialSuffix : "");

            Assert.True(WalFileName.TryParseSegment(name, segmentSize, out uint parsedTimeline, out ulong parsedSegment, out bool isPartial), name);
            Assert.Equal((timeline, segment, partial), (parsedTimeline, parsedSegment, isPartial));
            Assert.Equal(segment, WalFileName.SegmentNumber(WalFileName.SegmentStart(segment, segmentSize), segmentSize));
        }
    }
}
