using System.Net;
using System.Net.Sockets;
using Xunit.Sdk;

namespace StandbyAgent.Testing.FakeServer;

/// <summary>
/// A scripted walsender for what a real PostgreSQL cannot be made to do: it listens on a loopback
/// port and hands each accepted connection to the test, which plays the server's side message by
/// message (in the style of Npgsql's PgServerMock).
/// </summary>
public sealed class FakeWalSender : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly List<FakeServerConnection> _accepted = [];

    public FakeWalSender()
    {
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
    }

    /// <summary>The numeric address to connect to.</summary>
    public static string Address => IPAddress.Loopback.ToString();

    public int Port { get; }

    /// <summary>Waits for the next client.</summary>
    /// <param name="deadline">Ends this wait and every wait of the connection's script.</param>
    public async Task<FakeServerConnection> AcceptAsync(CancellationToken deadline)
    {
        Socket socket;
        try
        {
            socket = await _listener.AcceptSocketAsync(deadline);
        }
        catch (OperationCanceledException)
        {
            throw new XunitException("the deadline passed before a client connected to the fake walsender");
        }

        var connection = new FakeServerConnection(socket, deadline);
        lock (_accepted)
        {
            _accepted.Add(connection);
        }

        return connection;
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Dispose();
        FakeServerConnection[] accepted;
        lock (_accepted)
        {
            accepted = [.. _accepted];
        }

        foreach (FakeServerConnection connection in accepted)
        {
            await connection.DisposeAsync();
        }
    }
}
