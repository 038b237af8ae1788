using Microsoft.Extensions.Logging;
using Polly;
using StandbyAgent.Protocol;
using StandbyAgent.Protocol.Messages;
using StandbyAgent.Replication;
using StandbyAgent.Replication.Streaming;
using StandbyAgent.Run;
using StandbyAgent.Tests.Run.Support;

namespace StandbyAgent.Tests.Run;

/// <summary>The reconnect policy, with real delays kept in milliseconds.</summary>
public sealed class ReconnectPipelineTests
{
    private const int AttemptFailed = 6010;
    private const int AttemptNeedsOperator = 6011;

    private static readonly TimeSpan s_maxDelay = TimeSpan.FromMilliseconds(40);

    private readonly ReceiverStatus _status = new();
    private readonly LogRecorder _log = new();

    [Fact]
    public async Task An_attempt_that_brought_no_new_wal_is_retried_after_a_capped_delay_and_each_retry_is_logged_with_its_number_and_reason()
    {
        var ends = new Queue<ConnectionEnd>([
            new(DisconnectReason.ConnectionLost, new IOException("connection refused"), ReceivedNewWal: false),
            new(DisconnectReason.ServerShutdown, null, ReceivedNewWal: false),
            new(DisconnectReason.ReceiverTimeout, new TimeoutException("silent"), ReceivedNewWal: false),
            new(DisconnectReason.ConnectionLost, new IOException("reset"), ReceivedNewWal: false),
            ConnectionEnd.Stopped,
        ]);
        var states = new List<ReceiverState>();

        ConnectionEnd end = await Pipeline().ExecuteAsync(_ =>
        {
            states.Add(_status.State);
            return ValueTask.FromResult(ends.Dequeue());
        });

        Assert.True(end.IsStop);
        Assert.Equal([ReceiverState.Connecting, ReceiverState.Backoff, ReceiverState.Backoff, ReceiverState.Backoff, ReceiverState.Backoff], states);
        IReadOnlyList<LogRecorder.Entry> retries = _log.Entries;
        Assert.Equal([1, 2, 3, 4], retries.Select(entry => (int)entry.Values["Attempt"]!));
        Assert.Equal(["connection_lost", "server_shutdown", "receiver_timeout", "connection_lost"], retries.Select(entry => (string)entry.Values["Reason"]!));
        Assert.Contains("the server ended the stream", retries[1].Message, StringComparison.Ordinal);
        Assert.All(retries, entry => Assert.InRange((double)entry.Values["DelaySeconds"]!, 0, s_maxDelay.TotalSeconds));
        Assert.All(retries, entry => Assert.Equal((LogLevel.Warning, AttemptFailed), (entry.Level, entry.EventId)));
        Assert.Equal(2, _status.Reconnects(DisconnectReason.ConnectionLost));
        Assert.Equal(1, _status.Reconnects(DisconnectReason.ServerShutdown));
    }

    [Fact]
    public async Task An_attempt_that_brought_new_wal_is_handed_back_at_once_for_an_immediate_reconnect()
    {
        int attempts = 0;

        ConnectionEnd end = await Pipeline().ExecuteAsync(_ =>
        {
            attempts++;
            return ValueTask.FromResult(new ConnectionEnd(DisconnectReason.ServerError, new IOException("terminated"), ReceivedNewWal: true));
        });

        Assert.Equal(1, attempts);
        Assert.True(end.ReceivedNewWal);
        Assert.Empty(_log.Entries);
    }

    [Fact]
    public async Task An_error_that_needs_an_operator_is_logged_as_an_error_and_retried_all_the_same()
    {
        var ends = new Queue<ConnectionEnd>([
            new(DisconnectReason.Other, new ReplicationSetupException("the WAL belongs to database system 1, but the server is database system 2"), ReceivedNewWal: false),
            ConnectionEnd.Stopped,
        ]);

        await Pipeline().ExecuteAsync(_ => ValueTask.FromResult(ends.Dequeue()));

        LogRecorder.Entry entry = Assert.Single(_log.Entries);
        Assert.Equal((LogLevel.Error, AttemptNeedsOperator), (entry.Level, entry.EventId));
        Assert.Contains("needs an operator: the WAL belongs to database system 1", entry.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_login_the_server_refuses_is_logged_as_needing_an_operator()
    {
        var refused = new PostgresException(new PostgresNotice("FATAL", "28P01", "password authentication failed for user \"replicator\"", null, null));
        var ends = new Queue<ConnectionEnd>([
            new(DisconnectReasons.Classify(refused), refused, ReceivedNewWal: false),
            ConnectionEnd.Stopped,
        ]);

        await Pipeline().ExecuteAsync(_ => ValueTask.FromResult(ends.Dequeue()));

        LogRecorder.Entry entry = Assert.Single(_log.Entries);
        Assert.Equal((LogLevel.Error, AttemptNeedsOperator), (entry.Level, entry.EventId));
        Assert.Contains("authentication_failed", entry.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stop_during_the_backoff_ends_the_wait()
    {
        using var stop = new CancellationTokenSource();
        ResiliencePipeline<ConnectionEnd> pipeline = ReconnectPipeline.Create(
            new ReconnectOptions { FirstDelay = TimeSpan.FromMinutes(1), MaxDelay = TimeSpan.FromMinutes(1) }, _status, TimeProvider.System, _log);

        Task<ConnectionEnd> running = pipeline.ExecuteAsync(
            _ =>
            {
                stop.CancelAfter(TimeSpan.FromMilliseconds(100));
                return ValueTask.FromResult(new ConnectionEnd(DisconnectReason.ConnectionLost, new IOException("refused"), ReceivedNewWal: false));
            },
            stop.Token).AsTask();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    private ResiliencePipeline<ConnectionEnd> Pipeline() =>
        ReconnectPipeline.Create(new ReconnectOptions { FirstDelay = TimeSpan.FromMilliseconds(10), MaxDelay = s_maxDelay }, _status, TimeProvider.System, _log);
}
