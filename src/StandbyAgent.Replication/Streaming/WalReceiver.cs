using Microsoft.Extensions.Logging;
using StandbyAgent.Protocol;
using StandbyAgent.Protocol.Messages;
using StandbyAgent.Protocol.Replication;
using StandbyAgent.Replication.Configuration;
using StandbyAgent.Replication.Connection;
using StandbyAgent.Replication.ServerConfiguration;
using StandbyAgent.Storage;
using StandbyAgent.Transport;

namespace StandbyAgent.Replication.Streaming;

/// <summary>
/// One connection's worth of receiving: connect, identify the server, check it against the
/// directory, check the slot, decide where to resume, fetch the history files, then stream
/// timeline after timeline until the end position, a stop request, a server shutdown or an error.
/// Reconnecting is the caller's policy.
/// </summary>
public sealed class WalReceiver
{
    /// <summary>SHOW in a replication connection exists from PostgreSQL 10.</summary>
    private const int MinimumServerMajor = 10;

    /// <summary>SQLSTATE 55000: from PostgreSQL 18, START_REPLICATION refuses an invalidated slot with it.</summary>
    private const string ObjectNotInPrerequisiteState = "55000";

    private const string PhysicalSlotType = "physical";

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
        ReadReplicationSlotResult? slot = await PrepareSlotAsync(connection, stop);
        (uint timeline, Lsn start) = FindStart(directory, system, identity.SegmentSize, slot);
        if (timeline > system.Timeline)
        {
            throw new ReplicationSetupException($"starting timeline {timeline} is not present in the server (it is on timeline {system.Timeline})");
        }

        uint? lastTimeline = _options.TargetTimeline.LastTimeline(timeline);
        if (timeline > lastTimeline)
        {
            throw new ReplicationSetupException(
                $"the WAL to stream is on timeline {timeline}, beyond recovery_target_timeline {_options.TargetTimeline}: set recovery_target_timeline = 'latest' or to timeline {timeline}");
        }

        // Like the walreceiver, every history file up to the server's timeline, also of timelines
        // the standby will not replay: promoted later, it must not choose a timeline that exists.
        await FetchHistoryAsync(connection, directory, timeline, system.Timeline, stop);
        while (true)
        {
            ReceiverLog.StartingStream(_logger, start, timeline, _options.Slot ?? "(none)");
            (StreamOutcome outcome, Lsn stoppedAt) = await StreamOrExplainAsync(connection, directory, identity, timeline, start, slot, stop);
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

            if (next.NextTimeline > lastTimeline)
            {
                throw new ReplicationSetupException(
                    $"recovery_target_timeline is {_options.TargetTimeline}: not following the server from timeline {timeline} to timeline {next.NextTimeline} at {next.NextTimelineStart}; set recovery_target_timeline = 'latest' to follow it");
            }

            await FetchHistoryAsync(connection, directory, timeline + 1, next.NextTimeline, stop);
            ReceiverLog.SwitchedTimeline(_logger, next.NextTimeline, next.NextTimelineStart);
            timeline = next.NextTimeline;
            start = SegmentStart(next.NextTimelineStart, identity.SegmentSize);
        }
    }

    /// <summary>Streams a timeline; the server's "WAL already removed" becomes an error that says what it means for this standby.</summary>
    private async Task<(StreamOutcome Outcome, Lsn StoppedAt)> StreamOrExplainAsync(
        ReplicationConnection connection, WalDirectory directory, ClusterIdentity identity, uint timeline, Lsn start, ReadReplicationSlotResult? slot, CancellationToken stop)
    {
        try
        {
            return await StreamTimelineAsync(connection, directory, identity, timeline, start, stop);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresNotice.UndefinedFile || (_options.Slot is not null && ex.SqlState == ObjectNotInPrerequisiteState))
        {
            throw WalIsGone(ex, slot);
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
        await using var writer = new WalWriter(
            directory, identity, timeline, start, flushed => session?.OnFlushAdvanced(flushed), _logger, _status.FsyncDurations.Record);
        session = new WalStreamSession(connection.Connection, writer, _options.Streaming, _status.Progress, _time, _logger);
        try
        {
            StreamOutcome outcome = await session.RunAsync(clearSlotXmin: _options.Slot is not null, stop);
            return (outcome, writer.Written);
        }
        finally
        {
            session.PublishProgress();
        }
    }

    /// <summary>
    /// Creates the slot when asked to, and reads its state where the server can tell
    /// (READ_REPLICATION_SLOT, PostgreSQL 15): a missing or logical slot is an error now, and a
    /// slot without restart_lsn explains a later "WAL already removed".
    /// </summary>
    private async Task<ReadReplicationSlotResult?> PrepareSlotAsync(ReplicationConnection connection, CancellationToken stop)
    {
        if (_options.Slot is not { } slot)
        {
            return null;
        }

        if (_options.CreateSlot && await connection.CreatePhysicalSlotAsync(slot, reserveWal: true, ifNotExists: true, stop))
        {
            ReceiverLog.CreatedSlot(_logger, slot);
        }

        if (!connection.CanReadReplicationSlot)
        {
            return null;
        }

        ReadReplicationSlotResult state = await connection.ReadReplicationSlotAsync(slot, stop);
        if (!state.Exists)
        {
            throw new ReplicationSetupException($"replication slot \"{slot}\" does not exist: create it on the server first (SELECT pg_create_physical_replication_slot('{slot}', true))");
        }

        if (state.SlotType != PhysicalSlotType)
        {
            throw new ReplicationSetupException($"replication slot \"{slot}\" is a {state.SlotType} slot: streaming WAL needs a physical one");
        }

        if (state.RestartLsn is null)
        {
            ReceiverLog.SlotHoldsNoWal(_logger, slot);
        }

        return state;
    }

    private (uint Timeline, Lsn Start) FindStart(WalDirectory directory, IdentifySystemResult system, int segmentSize, ReadReplicationSlotResult? slot)
    {
        if (directory.FindStreamingStart(segmentSize) is { } resume)
        {
            ReceiverLog.Resuming(_logger, resume.Reason);
            return (resume.Timeline, resume.Start);
        }

        if (_options.StartWhenEmpty is { } initial)
        {
            ReceiverLog.StartingWhereDirectoryNeeds(_logger, initial.Reason);
            return (initial.Timeline, SegmentStart(initial.Start, segmentSize));
        }

        if (slot is { RestartLsn: { } restart, RestartTimeline: { } restartTimeline })
        {
            ReceiverLog.StartingFromSlot(_logger, _options.Slot!, restart);
            return (restartTimeline, SegmentStart(restart, segmentSize));
        }

        // Nothing on disk and no slot position: WAL before the server's current position is never received.
        ReceiverLog.StartingAtServerPosition(_logger, system.XLogPosition, system.Timeline);
        return (system.Timeline, SegmentStart(system.XLogPosition, segmentSize));
    }

    /// <summary>
    /// Every missing history file from <paramref name="from"/> to <paramref name="to"/>. A timeline
    /// in between may never have existed on this server's line of history (timeline numbers are
    /// taken by other branches too): its file is skipped with a warning.
    /// </summary>
    private async Task FetchHistoryAsync(ReplicationConnection connection, WalDirectory directory, uint from, uint to, CancellationToken stop)
    {
        for (ulong candidate = from; candidate <= to; candidate++)
        {
            uint timeline = (uint)candidate;
            if (directory.HasHistoryFile(timeline))
            {
                continue;
            }

            try
            {
                directory.WriteHistoryFile(await connection.TimelineHistoryAsync(timeline, stop));
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresNotice.UndefinedFile && timeline != from && timeline != to)
            {
                ReceiverLog.HistoryFileMissing(_logger, timeline, ex.Notice.Message);
            }
        }
    }

    /// <summary>What the server's "WAL already removed" means for this standby, and what the operator must do.</summary>
    private ReplicationSetupException WalIsGone(PostgresException error, ReadReplicationSlotResult? slot)
    {
        const string Rebuild = "Streaming cannot fill the gap: rebuild the standby from a new base backup";
        string cause = error.Notice.Message;
        if (_options.Slot is not { } name)
        {
            return new ReplicationSetupException(
                $"the primary has already removed WAL this standby needs ({cause}). {Rebuild}, and give it a replication slot (primary_slot_name) so that the primary keeps its WAL", error);
        }

        bool invalidated = slot is { RestartLsn: null } || error.SqlState == ObjectNotInPrerequisiteState;
        return invalidated
            ? new ReplicationSetupException(
                $"replication slot \"{name}\" has been invalidated by the primary (it held more WAL than max_slot_wal_keep_size allows), and the WAL this standby needs next is gone ({cause}). "
                + $"{Rebuild}, then drop and recreate the slot: SELECT pg_drop_replication_slot('{name}'); SELECT pg_create_physical_replication_slot('{name}', true);", error)
            : new ReplicationSetupException(
                $"the primary has already removed WAL this standby needs ({cause}), although it streams through replication slot \"{name}\". {Rebuild}; "
                + "if pg_replication_slots shows the slot's wal_status as 'lost', drop and recreate the slot", error);
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
