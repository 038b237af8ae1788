using System.Net;
using System.Net.Sockets;

namespace StandbyAgent.Testing.Faults;

/// <summary>
/// A TCP forwarder on a loopback port in front of a server, for the network path that goes quiet
/// without a word (a partition, a dead middlebox): <see cref="StallOpenConnections"/> stops
/// forwarding on every connection open at that moment, in both directions, and closes nothing,
/// so neither end sees a FIN or an RST. Connections made afterwards are forwarded normally.
/// </summary>
public sealed class StallingTcpProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly string _targetHost;
    private readonly int _targetPort;
    private readonly CancellationTokenSource _closing = new();
    private readonly List<ProxiedConnection> _connections = [];
    private readonly Task _accepting;

    public StallingTcpProxy(string targetHost, int targetPort)
    {
        _targetHost = targetHost;
        _targetPort = targetPort;
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = Task.Run(AcceptAsync);
    }

    /// <summary>The numeric address clients connect to.</summary>
    public static string Host => IPAddress.Loopback.ToString();

    public int Port { get; }

    /// <summary>Connections accepted so far.</summary>
    public int ConnectionCount
    {
        get
        {
            lock (_connections)
            {
                return _connections.Count;
            }
        }
    }

    /// <summary>From now on, no byte crosses any connection that is open; all of them stay open.</summary>
    public void StallOpenConnections()
    {
        lock (_connections)
        {
            foreach (ProxiedConnection connection in _connections)
            {
                connection.Stall();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _closing.CancelAsync();
        _listener.Stop();
        await _accepting;
        ProxiedConnection[] connections;
        lock (_connections)
        {
            connections = [.. _connections];
        }

        foreach (ProxiedConnection connection in connections)
        {
            await connection.DisposeAsync();
        }

        _closing.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (true)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_closing.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await server.ConnectAsync(_targetHost, _targetPort, _closing.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException)
            {
                // The server is down: the client sees its connection refused, as it would without us.
                client.Dispose();
                server.Dispose();
                continue;
            }

            lock (_connections)
            {
                _connections.Add(new ProxiedConnection(client, server, _closing.Token));
            }
        }
    }
}
