using Microsoft.Extensions.Logging.Abstractions;
using StandbyAgent.Protocol;
using StandbyAgent.Replication;
using StandbyAgent.Replication.Configuration;
using StandbyAgent.Replication.ServerConfiguration;
using StandbyAgent.Replication.Streaming;
using StandbyAgent.Storage;
using StandbyAgent.Testing.FakeServer;
using StandbyAgent.Tests.Support;
using StandbyAgent.Transport.Buffers;
using StandbyAgent.Transport.Tcp;

namespace StandbyAgent.Tests.Run;

/// <summary>
/// The timeline rules run mode adds to the receiver, against a scripted walsender: history files
/// from the start timeline to the server's, tolerating one the server never had, and
/// recovery_target_timeline, which stops the following of switches.
/// </summary>
public sealed class WalReceiverTimelineRulesTests : IAsyncLifetime
{
    private const ulong SystemIdentifier = 7_301_234_567_890_123_456;
    private const string SegmentSizeSetting = "1MB";
    private static readonly Lsn s_start = new(0x0230_0000);

    private readonly CancellationTokenSource _deadline = new(TimeSpan.FromSeconds(30));
    private readonly FakeWalSender _server = new();
    private readonly PinnedBlockMemoryPool _pool = new();
    private readonly TempDirectory _directory = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _pool.Dispose();
        _directory.Dispose();
        _deadline.Dispose();
    }

    [Fact]
    public async Task A_timeline_in_between_that_the_server_never_had_is_skipped_and_the_others_are_fetched_before_streaming()
    {
        Task<StreamEnd> client = RunReceiverAsync(RecoveryTargetTimeline.Latest);

        FakeServerConnection server = await BeginAsync(serverTimeline: 3);
        await server.ExpectQueryAsync("TIMELINE_HISTORY 2");
        await server.WriteError("ERROR", "58P01", "could not open file \"pg_wal/00000002.history\": No such file or directory").WriteReadyForQuery().FlushAsync();
        await server.AnswerTimelineHistoryAsync(3, "00000003.history", "1\t0/2400000\tbranched off timeline 1\n");
        await server.StartCopyBothAsync("START_REPLICATION PHYSICAL 0/2300000 TIMELINE 1");
        await server.ShutDownAsync();

        Assert.Equal(StreamEnd.ServerEnded, await client.WaitAsync(_deadline.Token));
        Assert.Equal(["00000003.history"], _directory.FileNames.Where(name => name.EndsWith(".history", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_numbered_recovery_target_timeline_stops_the_following_of_switches_with_an_error_that_says_what_to_change()
    {
        Task<StreamEnd> client = RunReceiverAsync(RecoveryTargetTimeline.Numbered(1));

        // Streaming starts exactly where timeline 1 ended: the server answers with the next timeline instead of COPY.
        FakeServerConnection server = await BeginAsync(serverTimeline: 2);
        await server.AnswerTimelineHistoryAsync(2, "00000002.history", "1\t0/2300000\tno recovery target specified\n");
        await server.ExpectQueryAsync("START_REPLICATION PHYSICAL 0/2300000 TIMELINE 1");
        await server.WriteEndOfTimeline(2, s_start).FlushAsync();

        ReplicationSetupException error = await Assert.ThrowsAsync<ReplicationSetupException>(() => client.WaitAsync(_deadline.Token));
        Assert.Equal(
            "recovery_target_timeline is 1: not following the server from timeline 1 to timeline 2 at 0/2300000; set recovery_target_timeline = 'latest' to follow it",
            error.Message);
    }

    private async Task<FakeServerConnection> BeginAsync(uint serverTimeline)
    {
        FakeServerConnection server = await _server.AcceptAsync(_deadline.Token);
        await server.CompleteStartupAsync();
        await server.AnswerIdentifySystemAsync(SystemIdentifier, serverTimeline, s_start + 0x10_0000);
        await server.AnswerShowAsync("wal_segment_size", SegmentSizeSetting);
        return server;
    }

    /// <summary>An empty directory that must start on timeline 1, as a base backup's would.</summary>
    private Task<StreamEnd> RunReceiverAsync(RecoveryTargetTimeline target) => Task.Run(async () =>
    {
        using var settings = new ConnectionSettings
        {
            Endpoints = [new HostEndpoint(FakeWalSender.Address, FakeWalSender.Address, _server.Port)],
            User = "walreceiver",
            Options = new Dictionary<string, string>(),
        };
        var options = new WalReceiverOptions { StartWhenEmpty = new StreamingStart(1, s_start, "the base backup's start"), TargetTimeline = target };
        var receiver = new WalReceiver(settings, new SocketTransportFactory(_pool), options, new ReceiverStatus(), TimeProvider.System, NullLogger.Instance);
        using WalDirectory directory = WalDirectory.Open(_directory.Path, WalDirectoryMode.Archive, sync: false, NullLogger.Instance);
        return await receiver.RunOnceAsync(directory, _deadline.Token);
    });
}
