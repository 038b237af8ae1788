using Microsoft.Extensions.Logging;
using StandbyAgent.Protocol;
using StandbyAgent.Protocol.Query;
using StandbyAgent.Protocol.Replication;
using StandbyAgent.Replication.Configuration;
using StandbyAgent.Transport;

namespace StandbyAgent.Replication.Connection;

/// <summary>
/// A physical replication session: the replication commands, typed, over a
/// <see cref="PostgresConnection"/>.
/// </summary>
public sealed class ReplicationConnection : IAsyncDisposable
{
    /// <summary>READ_REPLICATION_SLOT exists from PostgreSQL 15.</summary>
    private const int FirstMajorWithReadReplicationSlot = 15;

    private ReplicationConnection(PostgresConnection connection)
    {
        Connection = connection;
    }

    public PostgresConnection Connection { get; }

    public int ServerMajorVersion => Connection.ServerMajorVersion;

    public bool CanReadReplicationSlot => ServerMajorVersion >= FirstMajorWithReadReplicationSlot;

    public static async Task<ReplicationConnection> OpenAsync(ConnectionSettings settings, ITransportFactory transports, ILogger logger, CancellationToken cancellationToken) =>
        new(await PostgresConnection.OpenAsync(settings, transports, logger, cancellationToken));

    public async Task<IdentifySystemResult> IdentifySystemAsync(CancellationToken cancellationToken) =>
        IdentifySystemResult.Parse(await Connection.QueryAsync(ReplicationCommand.IdentifySystem, cancellationToken));

    public async Task<int> ShowWalSegmentSizeAsync(CancellationToken cancellationToken)
    {
        QueryResult result = await Connection.QueryAsync(ReplicationCommand.Show("wal_segment_size"), cancellationToken);
        string? text = QueryResult.Text(result.SingleRow("SHOW wal_segment_size", 1)[0]);
        return WalSegmentSize.Parse(text ?? string.Empty);
    }

    public async Task<TimelineHistoryFile> TimelineHistoryAsync(uint timeline, CancellationToken cancellationToken) =>
        TimelineHistoryFile.Parse(await Connection.QueryAsync(ReplicationCommand.TimelineHistory(timeline), cancellationToken), timeline);

    public async Task<ReadReplicationSlotResult> ReadReplicationSlotAsync(string slot, CancellationToken cancellationToken) =>
        ReadReplicationSlotResult.Parse(await Connection.QueryAsync(ReplicationCommand.ReadReplicationSlot(slot), cancellationToken));

    /// <summary>Creates a physical slot; with <paramref name="ifNotExists"/> an existing one is fine (SQLSTATE 42710).</summary>
    /// <returns>False when the slot already existed.</returns>
    public async Task<bool> CreatePhysicalSlotAsync(string slot, bool reserveWal, bool ifNotExists, CancellationToken cancellationToken)
    {
        try
        {
            await Connection.QueryAsync(ReplicationCommand.CreatePhysicalSlot(slot, reserveWal, temporary: false, ServerMajorVersion), cancellationToken);
            return true;
        }
        catch (PostgresException ex) when (ifNotExists && ex.SqlState == Protocol.Messages.PostgresNotice.DuplicateObject)
        {
            return false;
        }
    }

    public async Task DropSlotAsync(string slot, CancellationToken cancellationToken) =>
        await Connection.QueryAsync(ReplicationCommand.DropSlot(slot, wait: false), cancellationToken);

    /// <summary>
    /// Sends START_REPLICATION. Null means the server is now streaming; a result means it had
    /// nothing to stream on that timeline and says where the next one starts.
    /// </summary>
    public async Task<EndOfTimeline?> StartReplicationAsync(string? slot, Lsn start, uint timeline, CancellationToken cancellationToken)
    {
        QueryResult? noCopy = await Connection.StartCopyBothAsync(ReplicationCommand.StartPhysical(slot, start, timeline), cancellationToken);
        return noCopy is null ? null : EndOfTimeline.Parse(noCopy);
    }

    public ValueTask DisposeAsync() => Connection.DisposeAsync();
}
