using StandbyAgent.Protocol;
using StandbyAgent.Replication.Streaming;
using StandbyAgent.Testing.FakeServer;
using Xunit;

namespace StandbyAgent.Replication.Tests.Streaming;

/// <summary>Where START_REPLICATION begins: what the directory holds, else the slot, else the server's position.</summary>
public sealed class StartPositionTests
{
    private const int MessageSize = 128 * 1024;

    private const ulong SeededSegment = 0x25;

    [Theory]
    [InlineData(true, 0x25ul, "START_REPLICATION PHYSICAL 0/2500000 TIMELINE 1")]
    [InlineData(false, 0x26ul, "START_REPLICATION PHYSICAL 0/2600000 TIMELINE 1")]
    public async Task Resumes_at_the_partial_segments_start_or_after_the_last_complete_one(bool partial, ulong resumedSegment, string expectedStart)
    {
        await using var harness = new ReceiverHarness();
        if (partial)
        {
            harness.SeedWalFile(ReceiverHarness.SegmentName(SeededSegment) + ".partial", ReceiverHarness.PartialSegment(harness.Wal, SeededSegment, 50_000));
        }
        else
        {
            harness.SeedWalFile(ReceiverHarness.SegmentName(SeededSegment), harness.Wal.Segment(SeededSegment));
        }

        harness.StartReceiver();

        // The server is well ahead; the directory decides. Then the whole segment, and shutdown.
        FakeServerConnection server = await harness.AcceptAsync();
        await server.CompleteStartupAsync();
        await server.AnswerIdentifySystemAsync(ReceiverHarness.SystemIdentifier, 1, new Lsn(0x0280_0000));
        await server.AnswerShowAsync("wal_segment_size", ReceiverHarness.SegmentSizeSetting);
        await server.StartCopyBothAsync(expectedStart);
        Lsn resumeAt = harness.Wal.SegmentStart(resumedSegment);
        await server.WriteWal(harness.Wal, resumeAt, resumeAt + ReceiverHarness.SegmentSize, MessageSize, ReceiverHarness.FarWalEnd).FlushAsync();
        await server.ShutDownAsync();

        Assert.Equal(StreamEnd.ServerEnded, await harness.ClientOutcomeAsync());
        string completed = ReceiverHarness.SegmentName(resumedSegment);
        Assert.Equal(harness.Wal.Segment(resumedSegment), harness.ReadWalFile(completed));
        Assert.DoesNotContain(completed + ".partial", harness.WalFiles());
    }

    [Fact]
    public async Task Starts_an_empty_directory_at_the_segment_of_the_slots_restart_lsn_and_clears_the_slots_xmin()
    {
        await using var harness = new ReceiverHarness();
        harness.StartReceiver(slot: "standby_agent");

        FakeServerConnection server = await harness.AcceptAsync();
        await server.CompleteStartupAsync();
        await server.AnswerIdentifySystemAsync(ReceiverHarness.SystemIdentifier, 1, ReceiverHarness.ServerPosition);
        await server.AnswerShowAsync("wal_segment_size", ReceiverHarness.SegmentSizeSetting);
        await server.AnswerReadReplicationSlotAsync("READ_REPLICATION_SLOT \"standby_agent\"", "physical", new Lsn(0x0214_5678), 1);
        await server.StartCopyBothAsync("START_REPLICATION SLOT \"standby_agent\" PHYSICAL 0/2100000 TIMELINE 1");
        FrontendMessage feedback = await server.ExpectCopyDataAsync(ReplicationMessageCode.HotStandbyFeedback);
        await server.ShutDownAsync();

        Assert.Equal(StreamEnd.ServerEnded, await harness.ClientOutcomeAsync());
        Assert.Equal(1, server.HotStandbyFeedbackCount);

        // 'h', the client's clock, then xmin, its epoch, catalog_xmin and its epoch: all zero.
        Assert.Equal(25, feedback.Payload.Length);
        Assert.Equal(new byte[16], feedback.Payload[9..]);
    }
}
