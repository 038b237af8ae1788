namespace StandbyAgent.Run;

/// <summary>The <c>Receiver</c> section: how run mode streams. Unset values take <see cref="ReceiverOptionsDefaults"/>.</summary>
internal sealed class ReceiverOptions
{
    public const string SectionName = "Receiver";

    /// <summary>wal_receiver_status_interval: the longest gap between status updates; zero sends them only when asked or when WAL is flushed.</summary>
    public TimeSpan? StatusInterval { get; set; }

    /// <summary>wal_receiver_timeout: give up on a silent server after this long, pinging it at half; zero never gives up.</summary>
    public TimeSpan? Timeout { get; set; }

    /// <summary>Create primary_slot_name (PHYSICAL, RESERVE_WAL) when the server does not have it.</summary>
    public bool? CreateSlot { get; set; }

    /// <summary>With with_rsocket in primary_conninfo: stay on TCP, with a warning, when this host cannot do RDMA.</summary>
    public bool? RdmaFallbackToTcp { get; set; }

    /// <summary>
    /// Like the server's fsync setting, and as unsafe to turn off: without it nothing is
    /// fsynced and no flush position is ever reported, so a slot keeps all WAL on the primary.
    /// For tests only.
    /// </summary>
    public bool? Fsync { get; set; }
}
