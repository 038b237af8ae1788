using StandbyAgent.Protocol;
using StandbyAgent.Replication.Streaming;
using StandbyAgent.Testing.FakeServer;
using Xunit;

namespace StandbyAgent.Replication.Tests.Streaming;

/// <summary>The ways a stream ends besides the end position: server shutdown, a server error, a stop request.</summary>
public sealed class StreamEndTests
{
    private const int Received = 100_000;

    private static readonly Lsn s_end = ReceiverHarness.StreamStart + Received;

    [Fact]
    public async Task A_server_shutdown_ends_the_stream_and_leaves_a_durable_partial_segment()
    {
        await using var harness = new ReceiverHarness();
        harness.StartReceiver();

        // WalSndDone: keepalives until the receiver has caught up, then "COPY 0" inside COPY and goodbye.
        FakeServerConnection server = await harness.BeginStreamingAsync();
        await server.WriteWal(harness.Wal, ReceiverHarness.StreamStart, s_end, Received, s_end)
            .WriteKeepalive(s_end, replyRequested: true)
            .FlushAsync();
        await server.ExpectStatusUpdateAsync(update => update.Write == s_end);
        await server.ShutDownAsync();

        Assert.Equal(StreamEnd.ServerEnded, await harness.ClientOutcomeAsync());
        await server.ExpectDisconnectAsync();
        Assert.Equal(s_end, harness.Progress.Flushed);
        string partial = ReceiverHarness.SegmentName(0x23) + ".partial";
        Assert.Equal([partial], harness.WalFiles());
        Assert.Equal(ReceiverHarness.PartialSegment(harness.Wal, 0x23, Received), harness.ReadWalFile(partial));
    }

    [Fact]
    public async Task An_error_inside_COPY_surfaces_as_the_servers_error_and_the_segment_stays_partial()
    {
        await using var harness = new ReceiverHarness();
        harness.StartReceiver();

        FakeServerConnection server = await harness.BeginStreamingAsync();
        await SendWalThenErrorAsync(harness, server, "FATAL", "57P01", "terminating connection due to administrator command");

        PostgresException error = await harness.ClientFailureAsync<PostgresException>();
        await harness.AssertCleanlyDisconnectedAsync(server);
        Assert.Equal("57P01", error.SqlState);
        Assert.Contains("terminating connection due to administrator command", error.Message, StringComparison.Ordinal);
        AssertOnlyThePartialSegment(harness);
    }

    [Fact]
    public async Task WAL_already_removed_from_the_server_stops_the_receiver_with_the_servers_error_and_the_segment_stays_partial()
    {
        await using var harness = new ReceiverHarness();
        harness.StartReceiver();

        FakeServerConnection server = await harness.BeginStreamingAsync();
        await SendWalThenErrorAsync(harness, server, "ERROR", "58P01", "requested WAL segment 000000010000000000000024 has already been removed");

        ReplicationSetupException error = await harness.ClientFailureAsync<ReplicationSetupException>();
        await harness.AssertCleanlyDisconnectedAsync(server);
        PostgresException cause = Assert.IsType<PostgresException>(error.InnerException);
        Assert.Equal("58P01", cause.SqlState);
        Assert.Contains("requested WAL segment 000000010000000000000024 has already been removed", error.Message, StringComparison.Ordinal);
        AssertOnlyThePartialSegment(harness);
    }

    [Fact]
    public async Task A_stop_request_reports_what_was_written_then_ends_the_stream_with_CopyDone()
    {
        await using var harness = new ReceiverHarness();
        harness.StartReceiver();

        FakeServerConnection server = await harness.BeginStreamingAsync();
        await server.WriteWal(harness.Wal, ReceiverHarness.StreamStart, s_end, Received, ReceiverHarness.FarWalEnd)
            .WriteKeepalive(ReceiverHarness.FarWalEnd, replyRequested: true)
            .FlushAsync();
        await server.ExpectStatusUpdateAsync(update => update.Write == s_end);
        harness.StopClient();
        await server.AcknowledgeClientStopAsync();

        Assert.Equal(StreamEnd.Stopped, await harness.ClientOutcomeAsync());
        await server.ExpectDisconnectAsync();
        Assert.Equal(s_end, server.StatusUpdates[^1].Write);
        Assert.Equal([ReceiverHarness.SegmentName(0x23) + ".partial"], harness.WalFiles());
    }

    private static async Task SendWalThenErrorAsync(ReceiverHarness harness, FakeServerConnection server, string severity, string sqlState, string message) =>
        await server.WriteWal(harness.Wal, ReceiverHarness.StreamStart, s_end, Received, s_end)
            .WriteError(severity, sqlState, message)
            .WriteReadyForQuery()
            .FlushAsync();

    /// <summary>What arrived before the error is kept, under the partial name: nothing is completed as if all were well.</summary>
    private static void AssertOnlyThePartialSegment(ReceiverHarness harness)
    {
        string partial = ReceiverHarness.SegmentName(0x23) + ".partial";
        Assert.Equal([partial], harness.WalFiles());
        Assert.Equal(ReceiverHarness.PartialSegment(harness.Wal, 0x23, Received), harness.ReadWalFile(partial));
    }
}
