using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Polly;
using StandbyAgent.Replication.Streaming;

namespace StandbyAgent.Run;

/// <summary>
/// The daemon's loop: connection attempts through the reconnect pipeline, until the host stops
/// it. A connection that brought new WAL and then ended (the primary restarted, the walsender
/// was terminated) is followed by a new one at once; the pipeline backs off from there.
/// </summary>
internal sealed class StandbyWorker(ResiliencePipeline<ConnectionEnd> reconnect, StreamingAttempt attempt, ReceiverStatus status, ILogger<StandbyWorker> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Stopped from the moment a stop is asked for, so readiness fails while the last WAL is made safe.
        using CancellationTokenRegistration stopping = stoppingToken.Register(() => status.SetState(ReceiverState.Stopped));
        try
        {
            while (true)
            {
                ConnectionEnd end = await reconnect.ExecuteAsync(attempt.RunAsync, stoppingToken);
                if (end.IsStop)
                {
                    return;
                }

                status.RecordReconnect(end.Reason);
                RunLog.ConnectionEnded(logger, end.Reason.Label(), end.Description);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Asked to stop while waiting to reconnect: nothing is open.
        }
    }
}
