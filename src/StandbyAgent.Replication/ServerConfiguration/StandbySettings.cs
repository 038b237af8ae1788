namespace StandbyAgent.Replication.ServerConfiguration;

/// <summary>
/// What a standby's configuration says about streaming: where from, through which slot, and how
/// far to follow timeline switches. A class, not a record, so that no generated ToString can
/// print the connection string.
/// </summary>
public sealed class StandbySettings
{
    /// <summary>The libpq connection string, possibly with a password: never logged.</summary>
    public required string PrimaryConnInfo { get; init; }

    public required SourceLocation PrimaryConnInfoLocation { get; init; }

    /// <summary>primary_slot_name, validated; null when unset or empty.</summary>
    public string? PrimarySlotName { get; init; }

    public RecoveryTargetTimeline TargetTimeline { get; init; } = RecoveryTargetTimeline.Latest;

    /// <summary>recovery.conf's standby_mode; null when not given (or not a recovery.conf).</summary>
    public bool? StandbyMode { get; init; }

    /// <summary>postgresql.conf's cluster_name: the walreceiver's fallback application_name.</summary>
    public string? ClusterName { get; init; }

    public required ConfigurationDialect Dialect { get; init; }

    /// <summary>The files read, in order, for messages.</summary>
    public required IReadOnlyList<string> Files { get; init; }
}
