using StandbyAgent.Replication.Streaming;

namespace StandbyAgent.Hosting.Systemd;

/// <summary>The one line systemctl status shows for the agent: what it is doing, and from where.</summary>
internal static class SystemdStatusLine
{
    public static string Describe(ReceiverStatus status) => status.State switch
    {
        ReceiverState.Connecting => "Connecting to the primary",
        ReceiverState.Streaming when status.Sender is { } sender =>
            $"Streaming from {sender.SenderHost}:{sender.SenderPort} over {sender.Transport}, timeline {status.Progress.Timeline}, flushed up to {status.Progress.Flushed}",
        ReceiverState.Backoff => $"Waiting to reconnect ({TotalReconnects(status)} reconnects so far)",
        ReceiverState.Streaming => "Streaming",
        _ => "Stopped",
    };

    private static long TotalReconnects(ReceiverStatus status) => Enum.GetValues<DisconnectReason>().Sum(status.Reconnects);
}
