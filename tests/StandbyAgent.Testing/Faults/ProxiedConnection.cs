using System.Net.Sockets;

namespace StandbyAgent.Testing.Faults;

/// <summary>
/// One client connection of a <see cref="StallingTcpProxy"/> and its connection to the server,
/// with a pump each way. A pump that finds the connection stalled neither writes what it read
/// nor reads again; a pump that reads the end of its stream passes the FIN on.
/// </summary>
internal sealed class ProxiedConnection : IAsyncDisposable
{
    private const int BufferSize = 64 * 1024;

    private readonly Socket _client;
    private readonly Socket _server;
    private readonly CancellationTokenSource _stalledOrClosing;
    private readonly Task _pumps;
    private volatile bool _stalled;

    public ProxiedConnection(Socket client, Socket server, CancellationToken closing)
    {
        _client = client;
        _server = server;
        _stalledOrClosing = CancellationTokenSource.CreateLinkedTokenSource(closing);
        _pumps = Task.WhenAll(
            Task.Run(() => PumpAsync(_client, _server)),
            Task.Run(() => PumpAsync(_server, _client)));
    }

    public void Stall()
    {
        _stalled = true;
        _stalledOrClosing.Cancel();
    }

    public async ValueTask DisposeAsync()
    {
        await _stalledOrClosing.CancelAsync();
        await _pumps;
        _client.Dispose();
        _server.Dispose();
        _stalledOrClosing.Dispose();
    }

    private async Task PumpAsync(Socket from, Socket to)
    {
        byte[] buffer = new byte[BufferSize];
        try
        {
            while (true)
            {
                int read = await from.ReceiveAsync(buffer, SocketFlags.None, _stalledOrClosing.Token);
                if (_stalled)
                {
                    return;
                }

                if (read == 0)
                {
                    to.Shutdown(SocketShutdown.Send);
                    return;
                }

                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, _stalledOrClosing.Token);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stalled (both sockets are left as they are) or closing; a broken side ends the pump.
        }
    }
}
