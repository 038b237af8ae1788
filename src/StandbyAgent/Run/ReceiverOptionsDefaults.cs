namespace StandbyAgent.Run;

/// <summary>The server's own defaults for its walreceiver.</summary>
internal static class ReceiverOptionsDefaults
{
    public static readonly TimeSpan StatusInterval = TimeSpan.FromSeconds(10);

    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public const bool CreateSlot = false;

    /// <summary>RDMA was asked for: quietly getting TCP instead would hide a broken RDMA setup.</summary>
    public const bool RdmaFallbackToTcp = false;

    public const bool Fsync = true;
}
