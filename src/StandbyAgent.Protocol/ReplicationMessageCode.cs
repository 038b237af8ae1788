namespace StandbyAgent.Protocol;

/// <summary>
/// The first byte of a CopyData payload during physical streaming replication
/// (PostgreSQL's <c>PqReplMsg_*</c>).
/// </summary>
public enum ReplicationMessageCode : byte
{
    /// <summary>Server: WAL bytes with their start position.</summary>
    XLogData            = (byte)'w',
    /// <summary>Server: end of WAL and clock, optionally asking for an immediate reply.</summary>
    PrimaryKeepalive    = (byte)'k',
    /// <summary>Client: write, flush and apply positions.</summary>
    StandbyStatusUpdate = (byte)'r',
    /// <summary>Client: the standby's xmin horizons.</summary>
    HotStandbyFeedback  = (byte)'h',
}
