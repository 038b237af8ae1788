using System.Net;
using Microsoft.Extensions.Logging;
using StandbyAgent.Protocol;
using StandbyAgent.Protocol.Framing;
using StandbyAgent.Protocol.Frontend;
using StandbyAgent.Protocol.Messages;
using StandbyAgent.Rdma;
using StandbyAgent.Replication.Configuration;
using StandbyAgent.Transport;
using StandbyAgent.Transport.Rdma;

namespace StandbyAgent.Replication.Connection;

/// <summary>
/// with_rsocket=true, the way Postgres Pro does it on the wire: startup and authentication over
/// TCP, then the rsocket request ('R'); the server answers with the port of an rsocket listener on
/// its side ('S'), and the session continues over rsocket to the address the TCP connection
/// reached, on that port. No second startup follows. All of it counts against connect_timeout.
/// </summary>
internal static partial class RsocketUpgrade
{
    /// <summary>What the server says when it does not know the request: a vanilla PostgreSQL.</summary>
    private const string ProtocolViolation = "08P01";

    /// <summary>TLS over rsocket is refused by <see cref="EncryptionNegotiation"/>; a Unix-domain socket has no address to move from.</summary>
    public static void RefuseWhatIsNotSupported(ConnectionSettings settings)
    {
        if (!settings.WithRsocket)
        {
            return;
        }

        if (settings.Endpoints.FirstOrDefault(endpoint => endpoint.IsUnixSocket) is { } unix)
        {
            throw new NotSupportedException($"with_rsocket=true needs a TCP host, and {unix} is a Unix-domain socket");
        }
    }

    /// <returns>The connection the session continues on: the rsocket one, or the TCP one when with_rsocket is off or falling back is allowed.</returns>
    public static async ValueTask<ITransportConnection> UpgradeIfRequestedAsync(
        ITransportConnection transport, ConnectionSettings settings, ITransportFactory transports, ILogger logger, CancellationToken cancellationToken)
    {
        if (!settings.WithRsocket)
        {
            return transport;
        }

        if (transports is not RsocketCapableTransportFactory capable)
        {
            throw new NotSupportedException("with_rsocket=true asks for RDMA, and this command has no RDMA transport");
        }

        if (capable.Rsocket.CheckAvailability() is { } unavailable)
        {
            if (!capable.FallBackToTcp)
            {
                throw unavailable;
            }

            FallingBackToTcp(logger, transport.RemoteAddress, unavailable.Message);
            return new FallbackTransportConnection(transport);
        }

        RsocketRequestMessage.Write(transport.Output);
        await transport.Output.FlushAsync(cancellationToken);
        var reply = new ReplyHandler(logger);
        await FrameReading.ReadUntilAsync(transport.Input, reply, cancellationToken);

        // The address the TCP connection actually reached, not a fresh name lookup: the listener
        // was opened on the server's side of that connection.
        if (!IPEndPoint.TryParse(transport.RemoteAddress, out IPEndPoint? reached))
        {
            throw new TransportException($"cannot tell which address the connection to {transport.RemoteAddress} reached, to connect over rsocket");
        }

        IPEndPoint server = Rsocket.Normalize(reached);
        var target = new TransportTarget(server.Address.ToString(), server.Address.ToString(), reply.Port);
        MovingToRsocket(logger, server.ToString(), target.ToString());
        ITransportConnection rsocket = await capable.Rsocket.ConnectAsync(target, cancellationToken);

        // Only now: the server no longer reads the TCP connection, and until the rsocket one is up
        // the caller still owns it, to close on failure.
        await transport.DisposeAsync();
        return rsocket;
    }

    [LoggerMessage(4050, LogLevel.Warning, "RDMA is not available, so the session with {Endpoint} stays on TCP as allowed: {Reason}")]
    private static partial void FallingBackToTcp(ILogger logger, string endpoint, string reason);

    [LoggerMessage(4051, LogLevel.Information, "Authenticated over TCP to {Endpoint}; the session moves to rsocket {Target}")]
    private static partial void MovingToRsocket(ILogger logger, string endpoint, string target);

    /// <summary>Waits for the port; an error ends the attempt, notices are logged.</summary>
    private sealed class ReplyHandler(ILogger logger) : IFrameHandler
    {
        public int Port { get; private set; }

        public bool Handle(in BackendFrame frame)
        {
            switch (frame.Code)
            {
                case BackendMessageCode.ParameterStatus when RsocketPortReply.TryParse(frame.Payload, out RsocketPortReply reply):
                    Port = reply.Port;
                    return true;
                case BackendMessageCode.ParameterStatus:
                    return false;
                case BackendMessageCode.NoticeResponse:
                    ReplicationLog.ServerNotice(logger, PostgresNotice.Parse(frame.Payload, "NoticeResponse").ToString());
                    return false;
                case BackendMessageCode.ErrorResponse:
                    throw new PostgresException(Explain(PostgresNotice.Parse(frame.Payload, "ErrorResponse")));
                default:
                    throw new Protocol.ProtocolViolationException($"unexpected message type 0x{(byte)frame.Code:X2} in answer to the rsocket request");
            }
        }

        private static PostgresNotice Explain(PostgresNotice notice) =>
            notice.SqlState == ProtocolViolation && notice.Hint is null
                ? notice with { Hint = "the server does not know Postgres Pro's rsocket request: a PostgreSQL primary needs standby-agent relay on its host, and with_rsocket pointed at the relay" }
                : notice;
    }
}
