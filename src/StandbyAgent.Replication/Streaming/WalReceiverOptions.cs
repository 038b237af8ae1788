using StandbyAgent.Replication.ServerConfiguration;
using StandbyAgent.Storage;

namespace StandbyAgent.Replication.Streaming;

/// <summary>What to stream and how: the slot, where an empty directory starts, how far to follow timelines, and the session's behaviour.</summary>
public sealed record WalReceiverOptions
{
    /// <summary>Stream from this physical slot (pg_receivewal -S, primary_slot_name).</summary>
    public string? Slot { get; init; }

    /// <summary>Create <see cref="Slot"/> (PHYSICAL, RESERVE_WAL) at connect when the server does not have it.</summary>
    public bool CreateSlot { get; init; }

    /// <summary>
    /// Where to start when the directory holds no WAL yet, ahead of the slot's and the server's
    /// positions: for a standby made from a base backup without WAL, the backup's start (backup_label).
    /// Rounded down to its segment's start.
    /// </summary>
    public StreamingStart? StartWhenEmpty { get; init; }

    /// <summary>recovery_target_timeline: how far to follow timeline switches.</summary>
    public RecoveryTargetTimeline TargetTimeline { get; init; } = RecoveryTargetTimeline.Latest;

    public StreamingOptions Streaming { get; init; } = new();
}
