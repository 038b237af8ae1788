using Microsoft.Extensions.Logging;
using StandbyAgent.Cli;
using StandbyAgent.Metrics;
using StandbyAgent.Protocol;
using StandbyAgent.Replication.Configuration;
using StandbyAgent.Replication.Connection;
using StandbyAgent.Replication.Streaming;
using StandbyAgent.Storage;
using StandbyAgent.Transport;
using StandbyAgent.Transport.Buffers;
using StandbyAgent.Transport.Rdma;
using StandbyAgent.Transport.Tcp;

namespace StandbyAgent.Receive;

/// <summary>
/// Runs <c>receive</c> the way pg_receivewal does: stream until the end position or a signal,
/// and after a lost connection wait 5 seconds and resume from what is on disk (unless --no-loop).
/// Errors that a retry cannot fix end the process at once with one line saying what to change.
/// </summary>
internal static class ReceiveRunner
{
    private static readonly TimeSpan s_reconnectDelay = TimeSpan.FromSeconds(5);

    public static async Task<int> RunAsync(ReceiveOptions options)
    {
        using ILoggerFactory logging = ConsoleLogging.Create(options.Verbosity);
        ILogger logger = logging.CreateLogger("StandbyAgent.Receive");
        using var stop = new StopSignal();
        ConnectionSettings settings;
        try
        {
            settings = new ConnectionSettingsResolver(SystemConnectionEnvironment.Instance, logger)
                .Resolve(options.ConnectionString, options.Overrides);
        }
        catch (ConnectionSettingsException ex)
        {
            return StandbyAgentCommandLine.Fail(ex.Message);
        }

        using (settings)
        using (var pool = new PinnedBlockMemoryPool())
        {
            // TCP for every session's first leg; with_rsocket then moves it onto RDMA.
            var transports = new RsocketCapableTransportFactory(
                new SocketTransportFactory(pool), new RsocketTransportFactory(pool, logging.CreateLogger("StandbyAgent.Rdma")), options.RdmaFallbackToTcp);
            try
            {
                return options.CreateSlot || options.DropSlot
                    ? await ManageSlotAsync(options, settings, transports, logger, stop.Token)
                    : await ReceiveAsync(options, settings, transports, logging, logger, stop.Token);
            }
            catch (OperationCanceledException) when (stop.Token.IsCancellationRequested)
            {
                return ExitCodes.Success;
            }
            catch (Exception ex) when (IsPermanent(ex))
            {
                return StandbyAgentCommandLine.Fail(ex.Message);
            }
        }
    }

    private static async Task<int> ReceiveAsync(
        ReceiveOptions options, ConnectionSettings settings, ITransportFactory transports, ILoggerFactory logging, ILogger logger, CancellationToken stop)
    {
        // Only --synchronous fsyncs often enough to want every segment written full of zeros first.
        SegmentFill fill = options.Synchronous ? SegmentFill.Zeros : SegmentFill.Allocate;
        using WalDirectory directory = WalDirectory.Open(options.Directory!, WalDirectoryMode.Archive, sync: !options.NoSync, logger, fill);
        var status = new ReceiverStatus();
        WalReceiverOptions receiverOptions = ToReceiverOptions(options);
        var receiver = new WalReceiver(settings, transports, receiverOptions, status, TimeProvider.System, logger);
        await using StandaloneMetrics? metrics = options.MetricsListen is { } listen
            ? await StandaloneMetrics.StartAsync(listen, status, receiverOptions, logging, stop)
            : null;

        // Stopped from the moment a stop is asked for, so /readyz fails while the last WAL is made safe.
        using CancellationTokenRegistration stopping = stop.Register(() => status.SetState(ReceiverState.Stopped));
        using ProgressLine? line = options.Verbosity > 0 && !Console.IsErrorRedirected ? new ProgressLine(status.Progress) : null;
        using AllocationProbe? probe = options.ReportAllocations ? new AllocationProbe(status.Progress) : null;
        while (true)
        {
            string reason;
            Exception? error = null;
            status.SetState(ReceiverState.Connecting);
            try
            {
                StreamEnd end = await receiver.RunOnceAsync(directory, stop);
                if (end is StreamEnd.EndPositionReached or StreamEnd.Stopped)
                {
                    return ExitCodes.Success;
                }

                reason = "replication stream was terminated before stop point";
            }
            catch (Exception ex) when (!IsPermanent(ex) && ex is not OperationCanceledException)
            {
                error = ex;
                reason = ex.Message;
            }

            if (stop.IsCancellationRequested)
            {
                return ExitCodes.Success;
            }

            if (options.NoLoop)
            {
                return StandbyAgentCommandLine.Fail($"disconnected: {reason}");
            }

            status.RecordReconnect(DisconnectReasons.Classify(error));
            status.SetState(ReceiverState.Backoff);
            ReceiveLog.Disconnected(logger, reason, (int)s_reconnectDelay.TotalSeconds);
            await Task.Delay(s_reconnectDelay, stop);
        }
    }

    private static async Task<int> ManageSlotAsync(ReceiveOptions options, ConnectionSettings settings, ITransportFactory transports, ILogger logger, CancellationToken stop)
    {
        await using ReplicationConnection connection = await ReplicationConnection.OpenAsync(settings, transports, logger, stop);
        if ((await connection.IdentifySystemAsync(stop)).Database is { } database)
        {
            return StandbyAgentCommandLine.Fail($"replication connection using slot \"{options.Slot}\" is unexpectedly database specific (database \"{database}\")");
        }

        if (options.DropSlot)
        {
            ReceiveLog.DroppingSlot(logger, options.Slot!);
            await connection.DropSlotAsync(options.Slot!, stop);
            return ExitCodes.Success;
        }

        ReceiveLog.CreatingSlot(logger, options.Slot!);
        if (!await connection.CreatePhysicalSlotAsync(options.Slot!, reserveWal: true, options.IfNotExists, stop))
        {
            ReceiveLog.SlotAlreadyExists(logger, options.Slot!);
        }

        return ExitCodes.Success;
    }

    private static WalReceiverOptions ToReceiverOptions(ReceiveOptions options) => new()
    {
        Slot = options.Slot,
        Streaming = new StreamingOptions
        {
            StatusInterval = options.StatusInterval,
            ReceiverTimeout = options.ReceiverTimeout,
            Synchronous = options.Synchronous,
            ReportFlush = !options.NoSync && (options.Slot is not null || options.Synchronous),
            EndPosition = options.EndPosition,
        },
    };

    /// <summary>Errors no retry can fix: the configuration, the directory or the server must change first.</summary>
    private static bool IsPermanent(Exception ex) => DisconnectReasons.NeedsOperator(ex) || ex is MetricsEndpointException;
}
