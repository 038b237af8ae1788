using System.Globalization;
using System.IO.Pipelines;
using Microsoft.Extensions.Logging;
using StandbyAgent.Protocol;
using StandbyAgent.Protocol.Authentication;
using StandbyAgent.Protocol.Frontend;
using StandbyAgent.Protocol.Messages;
using StandbyAgent.Protocol.Query;
using StandbyAgent.Protocol.Startup;
using StandbyAgent.Replication.Configuration;
using StandbyAgent.Replication.Connection.Tls;
using StandbyAgent.Transport;

namespace StandbyAgent.Replication.Connection;

/// <summary>
/// One authenticated session with a PostgreSQL server, over any transport: it opens it (trying
/// each host in turn, as libpq does), runs simple queries, and hands its pipes to the streaming
/// loop once the server has switched to CopyBoth.
/// </summary>
public sealed class PostgresConnection : IAsyncDisposable
{
    private readonly ITransportConnection _transport;
    private readonly ILogger _logger;
    private bool _disposed;

    private PostgresConnection(ITransportConnection transport, HostEndpoint endpoint, IReadOnlyDictionary<string, string> serverParameters, ILogger logger)
    {
        _transport = transport;
        Endpoint = endpoint;
        ServerParameters = serverParameters;
        ServerMajorVersion = ParseMajorVersion(serverParameters);
        _logger = logger;
    }

    public HostEndpoint Endpoint { get; }

    public IReadOnlyDictionary<string, string> ServerParameters { get; }

    /// <summary>15 for "15.18 (Debian 15.18-0+deb12u1)".</summary>
    public int ServerMajorVersion { get; }

    public string TransportName => _transport.TransportName;

    public string RemoteAddress => _transport.RemoteAddress;

    /// <summary>The server's messages; used directly by the streaming loop.</summary>
    public PipeReader Input => _transport.Input;

    /// <summary>Our messages; used directly by the streaming loop.</summary>
    public PipeWriter Output => _transport.Output;

    /// <summary>
    /// Connects and authenticates as a physical replication client. Each host is tried in turn;
    /// the error of the last one is thrown, with the others logged.
    /// </summary>
    public static async Task<PostgresConnection> OpenAsync(ConnectionSettings settings, ITransportFactory transports, ILogger logger, CancellationToken cancellationToken)
    {
        RefuseWhatIsNotSupported(settings);
        Exception? lastError = null;
        foreach (HostEndpoint endpoint in settings.Endpoints)
        {
            try
            {
                return await OpenOneAsync(settings, endpoint, transports, logger, cancellationToken);
            }
            catch (Exception ex) when (ex is TransportException or PostgresException or ProtocolViolationException or TimeoutException
                                       && !cancellationToken.IsCancellationRequested)
            {
                ReplicationLog.ConnectionAttemptFailed(logger, endpoint.ToString(), ex.Message);
                lastError = ex;
            }
        }

        throw lastError!;
    }

    /// <summary>Runs one command with the simple query protocol and collects its result.</summary>
    public async Task<QueryResult> QueryAsync(string sql, CancellationToken cancellationToken)
    {
        QueryHandler handler = await SendQueryAsync(sql, cancellationToken);
        return handler.Response.GetResult();
    }

    /// <summary>
    /// Sends START_REPLICATION. Returns null once the server has switched to CopyBoth (the
    /// caller then owns <see cref="Input"/> and <see cref="Output"/>), or the result set the
    /// server sends instead when there is nothing to stream on that timeline.
    /// </summary>
    public async Task<QueryResult?> StartCopyBothAsync(string command, CancellationToken cancellationToken)
    {
        QueryHandler handler = await SendQueryAsync(command, cancellationToken);
        return handler.CopyBothStarted ? null : handler.Response.GetResult();
    }

    /// <summary>Reads the result set that follows a CopyDone exchange (end of timeline, or our stop).</summary>
    public async Task<QueryResult> ReadResultAsync(CancellationToken cancellationToken)
    {
        var handler = new QueryHandler(_logger);
        await FrameReading.ReadUntilAsync(Input, handler, cancellationToken);
        return handler.Response.GetResult();
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            TerminateMessage.Write(Output);
            await Output.FlushAsync();
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException)
        {
            // The connection is already gone; there is nobody left to say goodbye to.
        }

        await _transport.DisposeAsync();
    }

    private async Task<QueryHandler> SendQueryAsync(string sql, CancellationToken cancellationToken)
    {
        QueryMessage.Write(Output, sql);
        await Output.FlushAsync(cancellationToken);
        var handler = new QueryHandler(_logger);
        await FrameReading.ReadUntilAsync(Input, handler, cancellationToken);
        return handler;
    }

    /// <summary>
    /// One host: the transport, then encryption as sslmode asks, then startup and authentication,
    /// then, with with_rsocket, the move of the session onto RDMA. All of it within connect_timeout,
    /// including the second connection with the other encryption that allow and prefer may make.
    /// </summary>
    private static async Task<PostgresConnection> OpenOneAsync(
        ConnectionSettings settings, HostEndpoint endpoint, ITransportFactory transports, ILogger logger, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (settings.ConnectTimeout is { } limit)
        {
            timeout.CancelAfter(limit);
        }

        var encryption = new EncryptionNegotiation(settings, endpoint, logger);
        while (true)
        {
            ITransportConnection? transport = null;
            StartupHandshake? handshake = null;
            try
            {
                transport = await transports.ConnectAsync(ToTarget(endpoint), timeout.Token);
                NegotiatedTransport negotiated = await encryption.NegotiateAsync(transport, timeout.Token);
                transport = negotiated.Transport;
                handshake = new StartupHandshake(
                    StartupParameters(settings), settings.User, settings.PasswordFor(endpoint), notice => ReplicationLog.ServerNotice(logger, notice.ToString()),
                    new AuthenticationOptions { RequireAuth = settings.RequireAuth, ChannelBinding = settings.ChannelBinding, Tls = negotiated.ChannelBinding });
                handshake.WriteStartupMessage(transport.Output);
                await transport.Output.FlushAsync(timeout.Token);
                await FrameReading.ReadUntilAsync(transport.Input, new StartupHandler(handshake, transport.Output), timeout.Token);
                transport = await RsocketUpgrade.UpgradeIfRequestedAsync(transport, settings, transports, logger, timeout.Token);
                ReplicationLog.Connected(logger, endpoint.ToString(), transport.TransportName, handshake.AuthenticationMethod, settings.User);
                var connection = new PostgresConnection(transport, endpoint, handshake.ServerParameters, logger);
                transport = null;
                return connection;
            }
            catch (Exception ex) when (encryption.TryFallBack(ex, handshake?.IsAuthenticated == true))
            {
                // The other encryption, over a new connection with nothing carried over but the settings.
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"could not connect to {endpoint} within connect_timeout ({settings.ConnectTimeout!.Value.TotalSeconds:0} s)");
            }
            finally
            {
                if (transport is not null)
                {
                    await transport.DisposeAsync();
                }
            }
        }
    }

    private static void RefuseWhatIsNotSupported(ConnectionSettings settings)
    {
        EncryptionNegotiation.RefuseWhatIsNotSupported(settings);
        RsocketUpgrade.RefuseWhatIsNotSupported(settings);
    }

    private static TransportTarget ToTarget(HostEndpoint endpoint) =>
        endpoint.IsUnixSocket
            ? new TransportTarget(endpoint.Host, null, endpoint.Port, endpoint.UnixSocketPath)
            : new TransportTarget(endpoint.Host, endpoint.HostAddress, endpoint.Port);

    /// <summary>What libpqwalreceiver sends for a physical stream: replication=true, database "replication".</summary>
    private static List<KeyValuePair<string, string>> StartupParameters(ConnectionSettings settings)
    {
        var parameters = new List<KeyValuePair<string, string>>
        {
            new("user", settings.User),
            new("database", settings.Database),
            new("replication", "true"),
        };
        string? applicationName = settings.ApplicationName ?? settings.FallbackApplicationName;
        if (applicationName is not null)
        {
            parameters.Add(new("application_name", applicationName));
        }

        return parameters;
    }

    private static int ParseMajorVersion(IReadOnlyDictionary<string, string> parameters)
    {
        if (!parameters.TryGetValue("server_version", out string? version))
        {
            return 0;
        }

        int end = 0;
        while (end < version.Length && char.IsAsciiDigit(version[end]))
        {
            end++;
        }

        return int.TryParse(version.AsSpan(0, end), NumberStyles.None, CultureInfo.InvariantCulture, out int major) ? major : 0;
    }

    private sealed class StartupHandler(StartupHandshake handshake, PipeWriter output) : IFrameHandler
    {
        public bool Handle(in Protocol.Framing.BackendFrame frame)
        {
            bool ready = handshake.Process(frame, output);

            // An authentication answer must leave now: the server waits for it before sending more.
            output.FlushNow();
            return ready;
        }
    }

    private sealed class QueryHandler(ILogger logger) : IFrameHandler
    {
        public SimpleQueryResponse Response { get; } = new(notice => ReplicationLog.ServerNotice(logger, notice.ToString()));

        public bool CopyBothStarted { get; private set; }

        public bool Handle(in Protocol.Framing.BackendFrame frame)
        {
            QueryProgress progress = Response.Process(frame);
            if (progress == QueryProgress.CopyBothStarted)
            {
                CopyBothStarted = true;
                if (Response.Error is { } error)
                {
                    throw error;
                }
            }

            return progress != QueryProgress.Pending;
        }
    }
}
