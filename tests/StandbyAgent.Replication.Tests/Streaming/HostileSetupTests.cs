using System.Globalization;
using StandbyAgent.Protocol;
using StandbyAgent.Testing.FakeServer;
using StandbyAgent.Testing.Wire;
using Xunit;

namespace StandbyAgent.Replication.Tests.Streaming;

/// <summary>Hostile or impossible answers before streaming starts: nothing may be written, anywhere.</summary>
public sealed class HostileSetupTests
{
    [Theory]
    [InlineData("../../x")]
    [InlineData("../../00000002.history")]
    [InlineData("00000003.history")]
    public async Task A_history_file_name_other_than_the_timelines_own_is_refused(string reportedName)
    {
        await using var harness = new ReceiverHarness();
        harness.StartReceiver();

        // The server is on timeline 2 and the directory is empty: the client asks for 00000002.history.
        FakeServerConnection server = await harness.AcceptAsync();
        await server.CompleteStartupAsync();
        await server.AnswerIdentifySystemAsync(ReceiverHarness.SystemIdentifier, 2, ReceiverHarness.ServerPosition);
        await server.AnswerShowAsync("wal_segment_size", ReceiverHarness.SegmentSizeSetting);
        await server.AnswerTimelineHistoryAsync(2, reportedName, "1\t0/2000000\tno recovery target specified\n");

        ProtocolViolationException error = await harness.ClientFailureAsync<ProtocolViolationException>();
        await harness.AssertCleanlyDisconnectedAsync(server);
        Assert.Contains($"\"{reportedName}\", expected \"00000002.history\"", error.Message, StringComparison.Ordinal);
        Assert.Empty(harness.WalFiles());
    }

    [Fact]
    public async Task An_IDENTIFY_SYSTEM_answer_with_three_columns_is_refused()
    {
        await using var harness = new ReceiverHarness();
        harness.StartReceiver();

        FakeServerConnection server = await harness.AcceptAsync();
        await server.CompleteStartupAsync();
        await server.ExpectQueryAsync("IDENTIFY_SYSTEM");
        await server.WriteResultSet(
                "IDENTIFY_SYSTEM",
                [("systemid", BackendMessages.TextOid), ("timeline", BackendMessages.Int4Oid), ("xlogpos", BackendMessages.TextOid)],
                [ReceiverHarness.SystemIdentifier.ToString(CultureInfo.InvariantCulture), "1", "0/2345678"])
            .WriteReadyForQuery()
            .FlushAsync();

        ProtocolViolationException error = await harness.ClientFailureAsync<ProtocolViolationException>();
        await harness.AssertCleanlyDisconnectedAsync(server);
        Assert.Contains("got 1 rows and 3 fields, expected 1 row and 4 fields", error.Message, StringComparison.Ordinal);
        Assert.Empty(harness.WalFiles());
    }

    [Fact]
    public async Task A_database_specific_connection_is_refused()
    {
        await using var harness = new ReceiverHarness();
        harness.StartReceiver();

        FakeServerConnection server = await harness.AcceptAsync();
        await server.CompleteStartupAsync();
        await server.AnswerIdentifySystemAsync(ReceiverHarness.SystemIdentifier, 1, ReceiverHarness.ServerPosition, database: "postgres");

        ReplicationSetupException error = await harness.ClientFailureAsync<ReplicationSetupException>();
        await harness.AssertCleanlyDisconnectedAsync(server);
        Assert.Contains("unexpectedly database specific (database \"postgres\")", error.Message, StringComparison.Ordinal);
        Assert.Empty(harness.WalFiles());
    }

    [Fact]
    public async Task An_error_in_answer_to_the_startup_message_surfaces_as_the_servers_error()
    {
        await using var harness = new ReceiverHarness();
        harness.StartReceiver();

        FakeServerConnection server = await harness.AcceptAsync();
        await server.ExpectStartupAsync();
        await server.WriteError("FATAL", "28000", "no pg_hba.conf entry for replication connection from host \"127.0.0.1\", user \"walreceiver\", no encryption")
            .FlushAsync();
        server.CloseOutput();

        PostgresException error = await harness.ClientFailureAsync<PostgresException>();
        await harness.AssertCleanlyDisconnectedAsync(server);
        Assert.Equal("28000", error.SqlState);
        Assert.True(error.IsFatal);
        Assert.Contains("no pg_hba.conf entry for replication connection", error.Message, StringComparison.Ordinal);
        Assert.Empty(harness.WalFiles());
    }
}
