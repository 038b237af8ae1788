using StandbyAgent.Replication.Streaming;

namespace StandbyAgent.Run;

/// <summary>How one connection attempt ended: why, with what error, and whether it brought WAL not seen before.</summary>
internal sealed record ConnectionEnd(DisconnectReason Reason, Exception? Error, bool ReceivedNewWal)
{
    /// <summary>Stopped on request (SIGTERM): everything received is durable and the copy was ended.</summary>
    public static ConnectionEnd Stopped { get; } = new(DisconnectReason.Other, null, ReceivedNewWal: false) { IsStop = true };

    public bool IsStop { get; private init; }

    /// <summary>For the log: the error's message (never a secret), or the server's clean end.</summary>
    public string Description => Error?.Message ?? "the server ended the stream (it is shutting down or restarting)";
}
