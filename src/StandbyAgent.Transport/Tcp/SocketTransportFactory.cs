using System.Net;
using System.Net.Sockets;
using StandbyAgent.Transport.Buffers;

namespace StandbyAgent.Transport.Tcp;

/// <summary>Kernel sockets: TCP to a host or address, or a Unix-domain socket.</summary>
public sealed class SocketTransportFactory : ITransportFactory
{
    private readonly PinnedBlockMemoryPool _pool;

    public SocketTransportFactory(PinnedBlockMemoryPool pool)
    {
        _pool = pool;
    }

    public async ValueTask<ITransportConnection> ConnectAsync(TransportTarget target, CancellationToken cancellationToken)
    {
        SocketException? lastFailure = null;
        try
        {
            // Every address a host name resolves to is tried in turn, as libpq does.
            foreach (EndPoint endPoint in await ResolveAsync(target, cancellationToken))
            {
                Socket socket = endPoint is UnixDomainSocketEndPoint
                    ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
                    : new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    await NonBlockingConnect.ConnectAsync(socket, endPoint, cancellationToken);
                    return Connected(socket, endPoint);
                }
                catch (SocketException ex)
                {
                    socket.Dispose();
                    lastFailure = ex;
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            }
        }
        catch (SocketException ex)
        {
            lastFailure = ex;
        }

        throw lastFailure is null
            ? new TransportException($"could not connect to {target}: the host name resolves to no address")
            : new TransportException($"could not connect to {target}: {lastFailure.Message}", lastFailure);
    }

    private static async Task<IEnumerable<EndPoint>> ResolveAsync(TransportTarget target, CancellationToken cancellationToken)
    {
        if (target.UnixSocketPath is { } path)
        {
            return [new UnixDomainSocketEndPoint(path)];
        }

        if (target.Address is { } address)
        {
            return [new IPEndPoint(IPAddress.Parse(address), target.Port)];
        }

        IPAddress[] addresses = await Dns.GetHostAddressesAsync(target.Host, cancellationToken);
        return addresses.Select(resolved => new IPEndPoint(resolved, target.Port));
    }

    private SocketConnection Connected(Socket socket, EndPoint endPoint)
    {
        if (endPoint is UnixDomainSocketEndPoint)
        {
            return new SocketConnection(socket, _pool, "unix");
        }

        // Status updates are small and latency matters to a synchronous primary.
        socket.NoDelay = true;
        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
        return new SocketConnection(socket, _pool, "tcp");
    }
}
