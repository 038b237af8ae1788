using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using StandbyAgent.Replication.Streaming;

namespace StandbyAgent.Run;

/// <summary>
/// The reconnect policy: a connection attempt that ended without bringing new WAL is retried
/// forever, after an exponential backoff with jitter, capped. Each retry is counted by reason
/// and logged with its number and why the last connection ended; one that needs an operator is
/// logged as an error saying what to do, but retried all the same, since the primary may be
/// fixed meanwhile.
/// </summary>
internal static class ReconnectPipeline
{
    public static ResiliencePipeline<ConnectionEnd> Create(ReconnectOptions options, ReceiverStatus status, TimeProvider time, ILogger logger) =>
        new ResiliencePipelineBuilder<ConnectionEnd> { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions<ConnectionEnd>
            {
                // A connection that brought new WAL was healthy: the worker reconnects at once, and backs off afresh from there.
                ShouldHandle = arguments => ValueTask.FromResult(arguments.Outcome.Result is { IsStop: false, ReceivedNewWal: false }),
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.GetFirstDelay(),
                MaxDelay = options.GetMaxDelay(),
                OnRetry = arguments =>
                {
                    ConnectionEnd end = arguments.Outcome.Result!;
                    status.RecordReconnect(end.Reason);
                    status.SetState(ReceiverState.Backoff);
                    Log(logger, end, arguments.AttemptNumber + 1, arguments.RetryDelay);
                    return default;
                },
            })
            .Build();

    private static void Log(ILogger logger, ConnectionEnd end, int attempt, TimeSpan delay)
    {
        string reason = end.Reason.Label();
        double seconds = delay.TotalSeconds;
        if (end.Error is { } error && DisconnectReasons.NeedsOperator(error))
        {
            RunLog.AttemptNeedsOperator(logger, attempt, reason, end.Description, seconds);
        }
        else if (end.Reason == DisconnectReason.Other)
        {
            RunLog.AttemptFailedUnexpectedly(logger, end.Error, attempt, end.Description, seconds);
        }
        else
        {
            RunLog.AttemptFailed(logger, attempt, reason, end.Description, seconds);
        }
    }
}
