namespace StandbyAgent.Replication.Streaming;

/// <summary>Names of <see cref="ReceiverState"/>s for metric labels and messages.</summary>
public static class ReceiverStates
{
    /// <summary>snake_case, for metric labels.</summary>
    public static string Label(this ReceiverState state) => state switch
    {
        ReceiverState.Connecting => "connecting",
        ReceiverState.Streaming => "streaming",
        ReceiverState.Backoff => "backoff",
        _ => "stopped",
    };
}
