using Microsoft.Extensions.Logging;
using StandbyAgent.Protocol;
using StandbyAgent.Replication.Configuration;
using StandbyAgent.Replication.Streaming;
using StandbyAgent.Storage;
using StandbyAgent.Transport;

namespace StandbyAgent.Run;

/// <summary>
/// One connection's worth of run mode: the receive issue's <see cref="WalReceiver"/> into the
/// standby's pg_wal, its end turned into a <see cref="ConnectionEnd"/> for the reconnect policy.
/// Never throws but on a stop request: the daemon never gives up.
/// </summary>
internal sealed class StreamingAttempt : IDisposable
{
    private readonly StandbySetup _setup;
    private readonly WalReceiverOptions _options;
    private readonly ITransportFactory _transports;
    private readonly ReceiverStatus _status;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private WalDirectory? _directory;
    private Lsn _writtenHighWater;

    public StreamingAttempt(StandbySetup setup, WalReceiverOptions options, ITransportFactory transports, ReceiverStatus status, TimeProvider time, ILogger<StreamingAttempt> logger)
    {
        _setup = setup;
        _options = options;
        _transports = transports;
        _status = status;
        _time = time;
        _logger = logger;
    }

    public async ValueTask<ConnectionEnd> RunAsync(CancellationToken stop)
    {
        _status.SetState(ReceiverState.Connecting);
        try
        {
            // Opened once and kept: its lock keeps a second agent out of this pg_wal for the agent's whole life.
            _directory ??= WalDirectory.Open(_setup.DataDirectory.WalDirectory, WalDirectoryMode.PgWal, sync: _options.Streaming.ReportFlush, _logger);
            using ConnectionSettings settings = _setup.ResolveConnection(_logger);
            var receiver = new WalReceiver(settings, _transports, _options, _status, _time, _logger);
            StreamEnd end = await receiver.RunOnceAsync(_directory, stop);
            return end == StreamEnd.ServerEnded ? Ended(DisconnectReason.ServerShutdown, error: null) : ConnectionEnd.Stopped;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return ConnectionEnd.Stopped;
        }
        catch (Exception ex)
        {
            return Ended(DisconnectReasons.Classify(ex), ex);
        }
    }

    public void Dispose() => _directory?.Dispose();

    /// <summary>
    /// New WAL means WAL past anything written before: a connection that only re-sent the
    /// segment it resumed from, then failed, has not shown that the failure is over.
    /// </summary>
    private ConnectionEnd Ended(DisconnectReason reason, Exception? error)
    {
        Lsn written = _status.Progress.Written;
        bool newWal = written > _writtenHighWater;
        _writtenHighWater = Lsn.Max(written, _writtenHighWater);
        return new ConnectionEnd(reason, error, newWal);
    }
}
