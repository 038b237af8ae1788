using Microsoft.Extensions.Logging;
using StandbyAgent.Protocol;
using StandbyAgent.Protocol.Replication;
using StandbyAgent.Replication.Configuration;
using StandbyAgent.Replication.Connection;
using StandbyAgent.Storage;
using StandbyAgent.Transport;

namespace StandbyAgent.Replication.Streaming;

/// <summary>
/// One connection's worth of receiving: connect, identify the server, check it against the
/// directory, decide where to resume, then stream timeline after timeline until the end position,
/// a stop request, a server shutdown or an error. Reconnecting is the caller's policy.
/// </summary>
public sealed class WalReceiver
{
    /// <summary>SHOW in a replication connection exists from PostgreSQL 10.</summary>
    private const int MinimumServerMajor = 10;

    private readonly ConnectionSettings _settings;
    private readonly ITransportFactory _transports;
    private readonly WalReceiverOptions _options;
    private readonly ReceiverStatus _status;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public WalReceiver(ConnectionSettings settings, ITransportFactory transports, WalReceiverOptions options, ReceiverStatus status, TimeProvider time, ILogger logger)
    {
        _settings = settings;
        _transports = transports;
        _options = options;
        _status = status;
        _time = time;
        _logger = logger;
    }

    public async Task<StreamEnd> RunOnceAsync(WalDirectory directory, CancellationToken stop)
    {
        await using ReplicationConnection connection = await ReplicationConnection.OpenAsync(_settings, _transports, _logger, stop);
        if (connection.ServerMajorVersion < MinimumServerMajor)
        {
            throw new ReplicationSetupException($"the server runs PostgreSQL {connection.ServerMajorVersion}; this agent needs PostgreSQL {MinimumServerMajor} or newer");
        }

        IdentifySystemResult system = await connection.IdentifySystemAsync(stop);
        if (system.Database is not null)
        {
            throw new ReplicationSetupException($"the replication connection is unexpectedly database specific (database \"{system.Database}\"): use a physical replication connection");
        }

        var identity = new ClusterIdentity(system.SystemIdentifier, await connection.ShowWalSegmentSizeAsync(stop));
        VerifyIdentity(directory, identity);
        _status.Connected(new SenderInfo(
            system.SystemIdentifier, _options.Slot, connection.Connection.TransportName, connection.Connection.Endpoint.Host, connection.Connection.Endpoint.Port));
        (uint timeline, Lsn start) = await FindStartAsync(connection, directory, system, identity.SegmentSize, stop);
        if (timeline > system.Timeline)
        {
            throw new ReplicationSetupException($"starting timeline {timeline} is not present in the server (it is on timeline {system.Timeline})");
        }

        while (true)
        {
            await FetchHistoryAsync(connection, directory, timeline, stop);
            ReceiverLog.StartingStream(_logger, start, timeline, _options.Slot ?? "(none)");
            (StreamOutcome outcome, Lsn stoppedAt) = await StreamTimelineAsync(connection, directory, identity, timeline, start, stop);
            if (outcome.End != StreamEnd.TimelineEnded)
            {
                return outcome.End;
            }

            EndOfTimeline next = outcome.NextTimeline!;
            if (next.NextTimeline <= timeline)
            {
                throw new ProtocolViolationException($"server reported unexpected next timeline {next.NextTimeline}, following timeline {timeline}");
            }

            // The switch point may be before the last byte received (the old primary sent WAL the
            // new one never had), but never after it: that would leave a gap.
            if (next.NextTimelineStart > stoppedAt)
            {
                throw new ProtocolViolationException(
                    $"server stopped streaming timeline {timeline} at {stoppedAt}, but reported next timeline {next.NextTimeline} to begin at {next.NextTimelineStart}");
            }

            ReceiverLog.SwitchedTimeline(_logger, next.NextTimeline, next.NextTimelineStart);
            timeline = next.NextTimeline;
            start = SegmentStart(next.NextTimelineStart, identity.SegmentSize);
        }
    }

    /// <returns>How the stream ended, and the end of the WAL received on this timeline.</returns>
    private async Task<(StreamOutcome Outcome, Lsn StoppedAt)> StreamTimelineAsync(
        ReplicationConnection connection, WalDirectory directory, ClusterIdentity identity, uint timeline, Lsn start, CancellationToken stop)
    {
        EndOfTimeline? nothingToStream = await connection.StartReplicationAsync(_options.Slot, start, timeline, stop);
        if (nothingToStream is not null)
        {
            // Started exactly at a historic timeline's switch point: the server skips COPY.
            return (new StreamOutcome(StreamEnd.TimelineEnded, nothingToStream), start);
        }

        _status.Progress.StreamStarted(timeline, start);
        _status.SetState(ReceiverState.Streaming);
        WalStreamSession? session = null;
        await using var writer = new WalWriter(directory, identity, timeline, start, flushed => session?.OnFlushAdvanced(flushed), _logger);
        session = new WalStreamSession(connection.Connection, writer, _options.Streaming, _status.Progress, _time, _logger);
        long completedBefore = writer.SegmentsCompleted;
        try
        {
            StreamOutcome outcome = await session.RunAsync(clearSlotXmin: _options.Slot is not null, stop);
            return (outcome, writer.Written);
        }
        finally
        {
            _status.Progress.WrittenUpTo(writer.Written);
            for (long i = completedBefore; i < writer.SegmentsCompleted; i++)
            {
                _status.Progress.SegmentCompleted();
            }
        }
    }

    private async Task<(uint Timeline, Lsn Start)> FindStartAsync(
        ReplicationConnection connection, WalDirectory directory, IdentifySystemResult system, int segmentSize, CancellationToken stop)
    {
        if (directory.FindStreamingStart(segmentSize) is { } resume)
        {
            ReceiverLog.Resuming(_logger, resume.Reason);
            return (resume.Timeline, resume.Start);
        }

        if (_options.Slot is { } slot && connection.CanReadReplicationSlot)
        {
            ReadReplicationSlotResult state = await connection.ReadReplicationSlotAsync(slot, stop);
            if (!state.Exists)
            {
                throw new ReplicationSetupException($"replication slot \"{slot}\" does not exist");
            }

            if (state is { RestartLsn: { } restart, RestartTimeline: { } restartTimeline })
            {
                ReceiverLog.StartingFromSlot(_logger, slot, restart);
                return (restartTimeline, SegmentStart(restart, segmentSize));
            }
        }

        // Nothing on disk and no slot position: WAL before the server's current position is never received.
        ReceiverLog.StartingAtServerPosition(_logger, system.XLogPosition, system.Timeline);
        return (system.Timeline, SegmentStart(system.XLogPosition, segmentSize));
    }

    private async Task FetchHistoryAsync(ReplicationConnection connection, WalDirectory directory, uint timeline, CancellationToken stop)
    {
        if (!directory.HasHistoryFile(timeline))
        {
            directory.WriteHistoryFile(await connection.TimelineHistoryAsync(timeline, stop));
        }
    }

    private static void VerifyIdentity(WalDirectory directory, ClusterIdentity identity)
    {
        try
        {
            directory.VerifyIdentity(identity);
        }
        catch (ClusterMismatchException ex)
        {
            throw new ReplicationSetupException(ex.Message, ex);
        }
    }

    private static Lsn SegmentStart(Lsn lsn, int segmentSize) => new(lsn.Value - (lsn.Value % (ulong)segmentSize));
}
