namespace StandbyAgent.Protocol.Framing;

/// <summary>Bounds on what a server may make this client hold in memory.</summary>
public static class ProtocolLimits
{
    /// <summary>
    /// The largest message accepted. XLogData carries at most 16 WAL pages (512 KiB with 32 KiB
    /// pages); a timeline history file of thousands of switches is far below this. Transports
    /// size their receive pipes so that one message of this length always fits.
    /// </summary>
    public const int MaxBackendMessageLength = 1024 * 1024;

    /// <summary>
    /// Columns a DataRow or RowDescription may declare; replication commands return at most a few.
    /// </summary>
    public const int MaxColumns = 1664;

    /// <summary>Length of server text kept for error messages and logs.</summary>
    public const int MaxDisplayedServerText = 2048;
}
