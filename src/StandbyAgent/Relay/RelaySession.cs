using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using StandbyAgent.Protocol.Messages;
using StandbyAgent.Rdma;

namespace StandbyAgent.Relay;

/// <summary>
/// One client of the relay: TCP to the server, passed through while the client authenticates;
/// then, if it sends the rsocket request, the Postgres Pro exchange ('S' with a port, an rsocket
/// connection to it) and from there on rsocket to the client and TCP to the server.
/// </summary>
internal sealed class RelaySession
{
    /// <summary>A Postgres Pro backend waits in raccept for ever; a relay gives up on a client that does not come.</summary>
    private static readonly TimeSpan s_rsocketAcceptTimeout = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan s_serverConnectTimeout = TimeSpan.FromSeconds(10);

    private const int BufferSize = 64 * 1024;

    private readonly int _id;
    private readonly Socket _client;
    private readonly RelayOptions _options;
    private readonly WakeUpEvent _stopping;
    private readonly ILogger _logger;
    private readonly HandshakeInspector _inspector = new();
    private long _tcpFromClient;
    private long _tcpToClient;

    public RelaySession(int id, Socket client, RelayOptions options, WakeUpEvent stopping, ILogger logger)
    {
        _id = id;
        _client = client;
        _options = options;
        _stopping = stopping;
        _logger = logger;
    }

    public async Task RunAsync(CancellationToken stop)
    {
        string clientAddress = _client.RemoteEndPoint?.ToString() ?? "unknown";
        (string reason, long rsocketFromClient, long rsocketToClient) = ("the server could not be reached", 0L, 0L);
        using Socket client = _client;
        try
        {
            using Socket server = await ConnectToServerAsync(stop);
            RelayLog.SessionStarted(_logger, _id, clientAddress, _options.Target);
            (bool rsocketRequested, reason) = await PassThroughUntilRsocketRequestAsync(client, server, stop);
            if (rsocketRequested)
            {
                (reason, rsocketFromClient, rsocketToClient) = await MoveToRsocketAsync(client, server);
            }
        }
        catch (Exception ex) when (ex is SocketException or IOException or InvalidDataException or OperationCanceledException)
        {
            reason = ex is OperationCanceledException ? "the relay is stopping" : ex.Message;
            RelayLog.SessionFailed(_logger, _id, reason);
        }
        finally
        {
            RelayLog.SessionEnded(_logger, _id, reason, _tcpFromClient, _tcpToClient, rsocketFromClient, rsocketToClient);
        }
    }

    private async Task<Socket> ConnectToServerAsync(CancellationToken stop)
    {
        var server = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stop);
        timeout.CancelAfter(s_serverConnectTimeout);
        try
        {
            await server.ConnectAsync(_options.TargetHost, _options.TargetPort, timeout.Token);
            return server;
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    /// <returns>Whether the client asked for rsocket, or else which side closed first.</returns>
    private async Task<(bool RsocketRequested, string Reason)> PassThroughUntilRsocketRequestAsync(Socket client, Socket server, CancellationToken stop)
    {
        using var passThrough = CancellationTokenSource.CreateLinkedTokenSource(stop);
        Task<bool> fromClient = ForwardFromClientAsync(client, server, passThrough.Token);
        Task fromServer = ForwardFromServerAsync(server, client, passThrough.Token);
        Task first = await Task.WhenAny(fromClient, fromServer);
        await passThrough.CancelAsync();
        try
        {
            await Task.WhenAll(fromClient, fromServer);
        }
        catch (OperationCanceledException) when (!stop.IsCancellationRequested)
        {
            // The side that was still reading was stopped on purpose.
        }

        return first != fromClient ? (false, "the server closed its connection")
            : fromClient.Result ? (true, "the client asked for rsocket")
            : (false, "the client closed its connection");
    }

    private async Task<bool> ForwardFromClientAsync(Socket client, Socket server, CancellationToken cancellationToken)
    {
        byte[] buffer = new byte[BufferSize];
        while (true)
        {
            int received = await client.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);
            if (received == 0)
            {
                return false;
            }

            int forward = _inspector.FromClient(buffer.AsSpan(0, received), out bool rsocketRequested);
            await server.SendAsync(buffer.AsMemory(0, forward), SocketFlags.None, cancellationToken);
            _tcpFromClient += received;
            if (rsocketRequested)
            {
                return true;
            }
        }
    }

    private async Task ForwardFromServerAsync(Socket server, Socket client, CancellationToken cancellationToken)
    {
        byte[] buffer = new byte[BufferSize];
        while (true)
        {
            int received = await server.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);
            if (received == 0)
            {
                return;
            }

            _inspector.FromServer(buffer.AsSpan(0, received));
            await client.SendAsync(buffer.AsMemory(0, received), SocketFlags.None, cancellationToken);
            _tcpToClient += received;
        }
    }

    /// <summary>The Postgres Pro exchange, then the splice, on a thread of this session's own: both block in rpoll.</summary>
    private async Task<(string Reason, long FromClient, long ToClient)> MoveToRsocketAsync(Socket client, Socket server)
    {
        var clientEndPoint = Rsocket.Normalize((IPEndPoint)client.RemoteEndPoint!);
        var localEndPoint = Rsocket.Normalize((IPEndPoint)client.LocalEndPoint!);
        RsocketPortListener listener;
        try
        {
            listener = RsocketPortListener.Open(localEndPoint.Address, _options.Listen.Port + 1, RelayRunner.RsocketOptions);
        }
        catch (RsocketException ex)
        {
            string problem = $"the relay could not open an rsocket listener on {localEndPoint.Address}: {ex.Message}";
            await client.SendAsync(RelayErrorResponse.Create(RelayErrorResponse.CannotConnectNow, problem), SocketFlags.None);
            throw new IOException(problem, ex);
        }

        try
        {
            RelayLog.RsocketRequested(_logger, _id, _tcpFromClient, _tcpToClient, listener.EndPoint.ToString());
            var reply = new System.Buffers.ArrayBufferWriter<byte>();
            RsocketPortReply.Write(reply, listener.EndPoint.Port);
            await client.SendAsync(reply.WrittenMemory, SocketFlags.None);
            _tcpToClient += reply.WrittenCount;
        }
        catch
        {
            listener.Dispose();
            throw;
        }

        return await Task.Factory.StartNew(
            () => AcceptAndSplice(listener, clientEndPoint.Address, server),
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
    }

    /// <summary>Takes over the listener: it closes once its one connection came, as a Postgres Pro backend's does.</summary>
    private (string Reason, long FromClient, long ToClient) AcceptAndSplice(RsocketPortListener listener, IPAddress client, Socket server)
    {
        Rsocket? accepted;
        using (listener)
        {
            accepted = listener.Accept(client, s_rsocketAcceptTimeout, _stopping, peer => RelayLog.UnexpectedPeer(_logger, _id, peer.ToString(), client.ToString()));
        }

        using Rsocket? rsocket = accepted;
        if (rsocket is null)
        {
            return ("the client did not connect over rsocket in time", 0, 0);
        }

        RelayLog.MovedToRsocket(_logger, _id, rsocket.RemoteEndPoint.ToString());
        var splice = new RsocketSplice(rsocket, server, _stopping, BufferSize);
        try
        {
            return (splice.Run(), splice.FromClient, splice.ToClient);
        }
        catch (Exception ex) when (ex is RsocketException or SocketException)
        {
            return (ex.Message, splice.FromClient, splice.ToClient);
        }
    }
}
