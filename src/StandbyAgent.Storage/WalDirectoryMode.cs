namespace StandbyAgent.Storage;

/// <summary>Whose conventions a WAL directory follows.</summary>
public enum WalDirectoryMode
{
    /// <summary>
    /// pg_receivewal's archive: a segment is NAME.partial until complete, then renamed to NAME;
    /// the cluster's identity is recorded in standby-agent.identity.
    /// </summary>
    Archive,

    /// <summary>
    /// A standby's pg_wal, as the server's walreceiver leaves it: segments carry their final
    /// name while being written, completion is marked with archive_status/NAME.done (so a promoted
    /// server does not archive them again), and the identity is the data directory's pg_control.
    /// </summary>
    PgWal,
}
