namespace StandbyAgent.Replication.Streaming;

/// <summary>What the receiver is doing; one is current at any time.</summary>
public enum ReceiverState
{
    Connecting,
    Streaming,
    /// <summary>Waiting before the next connection attempt.</summary>
    Backoff,
    Stopped,
}
