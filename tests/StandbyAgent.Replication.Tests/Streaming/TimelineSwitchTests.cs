using System.Text;
using StandbyAgent.Protocol;
using StandbyAgent.Replication.Streaming;
using StandbyAgent.Testing.FakeServer;
using Xunit;

namespace StandbyAgent.Replication.Tests.Streaming;

/// <summary>
/// The server ends a historic timeline (or has nothing on it at all) and says where the next one
/// starts: the receiver writes the next timeline's history file and carries on, on the same connection.
/// </summary>
public sealed class TimelineSwitchTests
{
    private const int MessageSize = 64 * 1024;

    private const string HistoryOfTimeline2 = "1\t0/2340000\tno recovery target specified\n";

    /// <summary>Segment 0x22 of timeline 1 is complete in the directory, so streaming resumes at segment 0x23.</summary>
    private const ulong CompleteSegment = 0x22;

    private static readonly Lsn s_switchPoint = new(0x0234_0000);

    [Fact]
    public async Task Follows_the_next_timeline_on_the_same_connection_when_the_server_ends_the_one_it_streams()
    {
        await using var harness = new ReceiverHarness();
        var timeline2 = new SyntheticWal(ReceiverHarness.SystemIdentifier, ReceiverHarness.SegmentSize, timeline: 2);
        Lsn start = ReceiverHarness.StreamStart;
        harness.StartReceiver();

        // A cascading server on timeline 1, promoted while the client streams from it.
        FakeServerConnection server = await harness.AcceptAsync();
        await server.CompleteStartupAsync();
        await server.AnswerIdentifySystemAsync(ReceiverHarness.SystemIdentifier, 1, ReceiverHarness.ServerPosition);
        await server.AnswerShowAsync("wal_segment_size", ReceiverHarness.SegmentSizeSetting);
        await server.StartCopyBothAsync("START_REPLICATION PHYSICAL 0/2300000 TIMELINE 1");
        await server.WriteWal(harness.Wal, start, s_switchPoint, MessageSize, s_switchPoint).FlushAsync();
        await server.EndTimelineAsync(2, s_switchPoint);
        await server.AnswerTimelineHistoryAsync(2, "00000002.history", HistoryOfTimeline2);
        await server.StartCopyBothAsync("START_REPLICATION PHYSICAL 0/2300000 TIMELINE 2");
        Lsn receivedOnTimeline2 = s_switchPoint + 0x1_0000;
        await server.WriteWal(timeline2, start, receivedOnTimeline2, MessageSize, receivedOnTimeline2).FlushAsync();
        await server.ShutDownAsync();

        Assert.Equal(StreamEnd.ServerEnded, await harness.ClientOutcomeAsync());
        string oldPartial = ReceiverHarness.SegmentName(0x23, timeline: 1) + ".partial";
        string newPartial = ReceiverHarness.SegmentName(0x23, timeline: 2) + ".partial";
        Assert.Equal([oldPartial, "00000002.history", newPartial], harness.WalFiles());
        Assert.Equal(HistoryOfTimeline2, Encoding.UTF8.GetString(harness.ReadWalFile("00000002.history")));
        Assert.Equal(ReceiverHarness.PartialSegment(harness.Wal, 0x23, (int)(s_switchPoint - start)), harness.ReadWalFile(oldPartial));
        Assert.Equal(ReceiverHarness.PartialSegment(timeline2, 0x23, (int)(receivedOnTimeline2 - start)), harness.ReadWalFile(newPartial));
    }

    [Fact]
    public async Task Moves_to_the_next_timeline_when_streaming_starts_exactly_at_its_switch_point()
    {
        await using var harness = new ReceiverHarness();
        SeedCompleteSegment(harness);
        var timeline2 = new SyntheticWal(ReceiverHarness.SystemIdentifier, ReceiverHarness.SegmentSize, timeline: 2);
        Lsn start = ReceiverHarness.StreamStart;
        harness.StartReceiver();

        // Timeline 1 ended exactly where the client asks to start: a result set instead of COPY.
        FakeServerConnection server = await BeginAfterTheSwitchAsync(harness, "1\t0/2300000\tno recovery target specified\n");
        await server.ExpectQueryAsync("START_REPLICATION PHYSICAL 0/2300000 TIMELINE 1");
        await server.WriteEndOfTimeline(2, start).FlushAsync();
        await server.StartCopyBothAsync("START_REPLICATION PHYSICAL 0/2300000 TIMELINE 2");
        await server.WriteWal(timeline2, start, start + 5000, MessageSize, start + 5000).FlushAsync();
        await server.ShutDownAsync();

        Assert.Equal(StreamEnd.ServerEnded, await harness.ClientOutcomeAsync());
        Assert.Equal(
            [ReceiverHarness.SegmentName(CompleteSegment), "00000002.history", ReceiverHarness.SegmentName(0x23, timeline: 2) + ".partial"],
            harness.WalFiles());
    }

    [Theory]
    [InlineData(1u, "0/2340000", "unexpected next timeline 1")]
    [InlineData(2u, "0/2340001", "but reported next timeline 2 to begin at 0/2340001")]
    public async Task An_end_of_timeline_that_contradicts_the_stream_is_refused(uint nextTimeline, string nextStart, string expectedMessage)
    {
        await using var harness = new ReceiverHarness();
        SeedCompleteSegment(harness);
        harness.StartReceiver();

        // Timeline 1 streamed up to 0/2340000; then a next timeline that is not newer, or starts after that.
        FakeServerConnection server = await BeginAfterTheSwitchAsync(harness, HistoryOfTimeline2);
        await server.StartCopyBothAsync("START_REPLICATION PHYSICAL 0/2300000 TIMELINE 1");
        await server.WriteWal(harness.Wal, ReceiverHarness.StreamStart, s_switchPoint, MessageSize, s_switchPoint).FlushAsync();
        await server.EndTimelineAsync(nextTimeline, Lsn.Parse(nextStart));

        ProtocolViolationException error = await harness.ClientFailureAsync<ProtocolViolationException>();
        await harness.AssertCleanlyDisconnectedAsync(server);
        Assert.Contains(expectedMessage, error.Message, StringComparison.Ordinal);
        Assert.Equal(
            [ReceiverHarness.SegmentName(CompleteSegment), ReceiverHarness.SegmentName(0x23) + ".partial", "00000002.history"],
            harness.WalFiles());
    }

    private static void SeedCompleteSegment(ReceiverHarness harness) =>
        harness.SeedWalFile(ReceiverHarness.SegmentName(CompleteSegment), harness.Wal.Segment(CompleteSegment));

    /// <summary>
    /// A server already on timeline 2, while the directory makes the client finish timeline 1 first:
    /// the client fetches 00000002.history before anything else.
    /// </summary>
    private static async Task<FakeServerConnection> BeginAfterTheSwitchAsync(ReceiverHarness harness, string history)
    {
        FakeServerConnection server = await harness.AcceptAsync();
        await server.CompleteStartupAsync();
        await server.AnswerIdentifySystemAsync(ReceiverHarness.SystemIdentifier, 2, ReceiverHarness.ServerPosition);
        await server.AnswerShowAsync("wal_segment_size", ReceiverHarness.SegmentSizeSetting);
        await server.AnswerTimelineHistoryAsync(2, "00000002.history", history);
        return server;
    }
}
