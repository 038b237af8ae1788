using Microsoft.Extensions.Logging;

namespace StandbyAgent.Relay;

/// <summary>Log messages of the relay. Event ids 4100-4199; never renumber them.</summary>
internal static partial class RelayLog
{
    [LoggerMessage(4100, LogLevel.Information, "Relay listening on {Listen} for PostgreSQL clients, forwarding to {Target}; rsocket listeners on ports above {Port}")]
    public static partial void Listening(ILogger logger, string listen, string target, int port);

    [LoggerMessage(4101, LogLevel.Information, "Session {Session} from {Client} forwarded to {Target}")]
    public static partial void SessionStarted(ILogger logger, int session, string client, string target);

    [LoggerMessage(4102, LogLevel.Information, "Session {Session} asked for rsocket after {FromClient} bytes from the client and {ToClient} to it over TCP; listening on rsocket {Listener}")]
    public static partial void RsocketRequested(ILogger logger, int session, long fromClient, long toClient, string listener);

    [LoggerMessage(4103, LogLevel.Information, "Session {Session} moved to rsocket: the client connected from {Peer}")]
    public static partial void MovedToRsocket(ILogger logger, int session, string peer);

    [LoggerMessage(4104, LogLevel.Information,
        "Session {Session} ended ({Reason}): over TCP {TcpFromClient} bytes from the client and {TcpToClient} to it; over rsocket {RsocketFromClient} bytes from the client and {RsocketToClient} to it")]
    public static partial void SessionEnded(ILogger logger, int session, string reason, long tcpFromClient, long tcpToClient, long rsocketFromClient, long rsocketToClient);

    [LoggerMessage(4105, LogLevel.Warning, "Session {Session}: {Problem}")]
    public static partial void SessionFailed(ILogger logger, int session, string problem);

    [LoggerMessage(4106, LogLevel.Warning, "Session {Session}: refused an rsocket connection from {Peer}, which is not the client ({Client}) that asked for it")]
    public static partial void UnexpectedPeer(ILogger logger, int session, string peer, string client);

    [LoggerMessage(4107, LogLevel.Information, "Relay stopping")]
    public static partial void Stopping(ILogger logger);
}
