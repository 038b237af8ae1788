using System.Diagnostics;
using StandbyAgent.Protocol;
using StandbyAgent.Replication.Streaming;
using StandbyAgent.Testing.FakeServer;
using Xunit;

namespace StandbyAgent.Replication.Tests.Streaming;

/// <summary>
/// A whole session against the fake walsender: identify, SHOW, START_REPLICATION at the segment
/// start, WAL across a segment boundary, a keepalive that wants an answer, and --endpos.
/// </summary>
public sealed class HappyPathTests
{
    /// <summary>Four messages of 300000 bytes: the fourth crosses into segment 0x24.</summary>
    private const int MessageSize = 300_000;

    /// <summary>No periodic update comes this soon, so an update that does answers the keepalive.</summary>
    private static readonly TimeSpan s_statusInterval = TimeSpan.FromMinutes(1);

    /// <summary>Far below <see cref="s_statusInterval"/>, and loose enough for a loaded machine.</summary>
    private static readonly TimeSpan s_promptly = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Streams_across_a_segment_boundary_answers_keepalives_and_stops_past_the_end_position()
    {
        await using var harness = new ReceiverHarness();
        Lsn start = ReceiverHarness.StreamStart;
        Lsn endPosition = start + 1_100_000;
        harness.StartReceiver(new StreamingOptions { EndPosition = endPosition, ReportFlush = false, StatusInterval = s_statusInterval });

        // Script: admit the client and answer its setup commands.
        FakeServerConnection server = await harness.AcceptAsync();
        StartupRequest startup = await server.CompleteStartupAsync();
        await server.AnswerIdentifySystemAsync(ReceiverHarness.SystemIdentifier, 1, ReceiverHarness.ServerPosition);
        await server.AnswerShowAsync("wal_segment_size", ReceiverHarness.SegmentSizeSetting);
        await server.StartCopyBothAsync("START_REPLICATION PHYSICAL 0/2300000 TIMELINE 1");

        // Three messages inside segment 0x23, then a keepalive that asks for an answer.
        Lsn afterThree = start + (3 * MessageSize);
        long keepaliveSent = await SendAsync(server.WriteWal(harness.Wal, start, afterThree, MessageSize, ReceiverHarness.FarWalEnd)
            .WriteKeepalive(ReceiverHarness.FarWalEnd, replyRequested: true));
        ReceivedStatusUpdate reply = await server.ExpectStatusUpdateAsync(update => update.Write == afterThree);

        // The fourth message crosses into segment 0x24 and past the end position: the client stops.
        Lsn afterFour = afterThree + MessageSize;
        await server.WriteWal(harness.Wal, afterThree, afterFour, MessageSize, ReceiverHarness.FarWalEnd).FlushAsync();
        await server.AcknowledgeClientStopAsync();
        StreamEnd end = await harness.ClientOutcomeAsync();
        await server.ExpectDisconnectAsync();

        Assert.Equal("true", startup.Parameters["replication"]);
        Assert.Equal(StreamEnd.EndPositionReached, end);
        Assert.InRange(ElapsedSince(keepaliveSent, reply.ReceivedTimestamp), TimeSpan.Zero, s_promptly);
        Assert.All(server.StatusUpdates, update =>
        {
            Assert.NotEqual(ReceiverHarness.FarWalEnd, update.Write);
            Assert.Equal(Lsn.Invalid, update.Flush);
            Assert.Equal(Lsn.Invalid, update.Apply);
        });
        Assert.Equal(afterFour, server.StatusUpdates[^1].Write);

        string first = ReceiverHarness.SegmentName(0x23);
        string second = ReceiverHarness.SegmentName(0x24) + ".partial";
        Assert.Equal([first, second], harness.WalFiles());
        Assert.Equal(harness.Wal.Segment(0x23), harness.ReadWalFile(first));
        int intoSecond = (int)(afterFour - harness.Wal.SegmentStart(0x24));
        Assert.Equal(ReceiverHarness.PartialSegment(harness.Wal, 0x24, intoSecond), harness.ReadWalFile(second));
        harness.AssertNothingOutsideWalDirectoryChanged();
    }

    [Fact]
    public async Task Notices_and_parameter_changes_between_WAL_messages_are_never_written_as_WAL()
    {
        await using var harness = new ReceiverHarness();
        Lsn start = ReceiverHarness.StreamStart;
        harness.StartReceiver();

        FakeServerConnection server = await harness.BeginStreamingAsync();
        await server.WriteWal(harness.Wal, start, start + 1000, MessageSize, ReceiverHarness.FarWalEnd)
            .WriteNotice("checkpoint starting: time")
            .WriteParameterStatus("application_name", "renamed")
            .WriteWal(harness.Wal, start + 1000, start + 2000, MessageSize, ReceiverHarness.FarWalEnd)
            .WriteKeepalive(ReceiverHarness.FarWalEnd, replyRequested: true)
            .FlushAsync();
        await server.ExpectStatusUpdateAsync(update => update.Write == start + 2000);
        await server.ShutDownAsync();

        Assert.Equal(StreamEnd.ServerEnded, await harness.ClientOutcomeAsync());
        string partial = ReceiverHarness.SegmentName(0x23) + ".partial";
        Assert.Equal(ReceiverHarness.PartialSegment(harness.Wal, 0x23, 2000), harness.ReadWalFile(partial));
    }

    /// <returns>When the bytes were about to leave: no answer to them can arrive earlier.</returns>
    private static async Task<long> SendAsync(FakeServerConnection server)
    {
        long sending = Stopwatch.GetTimestamp();
        await server.FlushAsync();
        return sending;
    }

    private static TimeSpan ElapsedSince(long from, long to) => Stopwatch.GetElapsedTime(from, to);
}
