namespace StandbyAgent.Replication.Streaming;

/// <summary>What to stream and how: the slot, and the streaming session's behaviour.</summary>
public sealed record WalReceiverOptions
{
    /// <summary>Stream from this physical slot (pg_receivewal -S, primary_slot_name).</summary>
    public string? Slot { get; init; }

    public StreamingOptions Streaming { get; init; } = new();
}
