using System.Globalization;
using System.Text;
using StandbyAgent.Protocol;
using StandbyAgent.Protocol.Replication;
using StandbyAgent.Replication.Connection;
using StandbyAgent.Testing.FakeServer;
using Xunit;

namespace StandbyAgent.Replication.Tests.Connection;

/// <summary>The replication commands, typed, against the answers a PostgreSQL 15 walsender gives.</summary>
public sealed class ReplicationConnectionTests
{
    private const ulong SystemIdentifier = 7_301_234_567_890_123_456;

    [Fact]
    public async Task Reads_IDENTIFY_SYSTEM()
    {
        await using var harness = new ConnectionHarness();
        (ReplicationConnection client, FakeServerConnection server) = await harness.ConnectAsync();
        await using ReplicationConnection connection = client;

        Task<IdentifySystemResult> identifying = connection.IdentifySystemAsync(harness.Deadline);
        await server.AnswerIdentifySystemAsync(SystemIdentifier, 3, new Lsn(0x1_0234_5678));

        Assert.Equal(new IdentifySystemResult(SystemIdentifier, 3, new Lsn(0x1_0234_5678), null), await identifying);
    }

    [Fact]
    public async Task Reads_a_timeline_history_file()
    {
        const string Content = "1\t0/3000000\tno recovery target specified\n\n2\t0/5000000\tbefore 2000-01-01 00:00:00+00\n";
        await using var harness = new ConnectionHarness();
        (ReplicationConnection client, FakeServerConnection server) = await harness.ConnectAsync();
        await using ReplicationConnection connection = client;

        Task<TimelineHistoryFile> fetching = connection.TimelineHistoryAsync(3, harness.Deadline);
        await server.AnswerTimelineHistoryAsync(3, "00000003.history", Content);
        TimelineHistoryFile history = await fetching;

        Assert.Equal("00000003.history", history.FileName);
        Assert.Equal(Content, Encoding.UTF8.GetString(history.Content));
    }

    [Theory]
    [InlineData("physical", "0/2145678", "1")]
    [InlineData(null, null, null)]
    public async Task Reads_a_replication_slot(string? slotType, string? restartLsn, string? restartTimeline)
    {
        await using var harness = new ConnectionHarness();
        (ReplicationConnection client, FakeServerConnection server) = await harness.ConnectAsync();
        await using ReplicationConnection connection = client;
        Lsn? restart = restartLsn is null ? null : Lsn.Parse(restartLsn);
        uint? timeline = restartTimeline is null ? null : uint.Parse(restartTimeline, CultureInfo.InvariantCulture);

        Task<ReadReplicationSlotResult> reading = connection.ReadReplicationSlotAsync("standby_agent", harness.Deadline);
        await server.AnswerReadReplicationSlotAsync("READ_REPLICATION_SLOT \"standby_agent\"", slotType, restart, timeline);

        Assert.Equal(new ReadReplicationSlotResult(slotType, restart, timeline), await reading);
    }

    [Fact]
    public async Task START_REPLICATION_returns_nothing_once_the_server_is_streaming()
    {
        await using var harness = new ConnectionHarness();
        (ReplicationConnection client, FakeServerConnection server) = await harness.ConnectAsync();
        await using ReplicationConnection connection = client;

        Task<EndOfTimeline?> starting = connection.StartReplicationAsync(null, new Lsn(0x300_0000), 1, harness.Deadline);
        await server.StartCopyBothAsync("START_REPLICATION PHYSICAL 0/3000000 TIMELINE 1");

        Assert.Null(await starting);
    }

    [Fact]
    public async Task START_REPLICATION_at_a_switch_point_returns_the_next_timeline_and_leaves_the_connection_usable()
    {
        await using var harness = new ConnectionHarness();
        (ReplicationConnection client, FakeServerConnection server) = await harness.ConnectAsync();
        await using ReplicationConnection connection = client;

        Task<EndOfTimeline?> starting = connection.StartReplicationAsync("standby_agent", new Lsn(0x300_0000), 1, harness.Deadline);
        await server.ExpectQueryAsync("START_REPLICATION SLOT \"standby_agent\" PHYSICAL 0/3000000 TIMELINE 1");
        await server.WriteEndOfTimeline(2, new Lsn(0x300_0000)).FlushAsync();
        EndOfTimeline? next = await starting;

        Task<IdentifySystemResult> identifying = connection.IdentifySystemAsync(harness.Deadline);
        await server.AnswerIdentifySystemAsync(SystemIdentifier, 2, new Lsn(0x300_0000));

        Assert.Equal(new EndOfTimeline(2, new Lsn(0x300_0000)), next);
        Assert.Equal(2u, (await identifying).Timeline);
    }
}
