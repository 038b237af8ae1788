using Microsoft.Extensions.Logging;
using StandbyAgent.Protocol;

namespace StandbyAgent.Replication;

/// <summary>Log messages of the replication client. Event ids 1000-1199; never renumber them.</summary>
internal static partial class ReplicationLog
{
    [LoggerMessage(1000, LogLevel.Information, "Connected to {Endpoint} over {Transport} as user {User} ({Method} authentication)")]
    public static partial void Connected(ILogger logger, string endpoint, string transport, string method, string user);

    [LoggerMessage(1001, LogLevel.Warning, "Could not connect to {Endpoint}: {Reason}")]
    public static partial void ConnectionAttemptFailed(ILogger logger, string endpoint, string reason);

    [LoggerMessage(1002, LogLevel.Information, "Server notice: {Notice}")]
    public static partial void ServerNotice(ILogger logger, string notice);

    [LoggerMessage(1003, LogLevel.Information, "The server ended the stream ({Tag})")]
    public static partial void ServerEndedStream(ILogger logger, string tag);

    [LoggerMessage(1004, LogLevel.Warning, "The server did not acknowledge the end of streaming: {Reason}")]
    public static partial void StopNotAcknowledged(ILogger logger, string reason);
}
