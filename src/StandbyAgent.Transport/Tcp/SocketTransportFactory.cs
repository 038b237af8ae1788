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
        Socket socket = target.UnixSocketPath is null
            ? new Socket(SocketType.Stream, ProtocolType.Tcp)
            : new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            EndPoint endPoint = target switch
            {
                { UnixSocketPath: { } path } => new UnixDomainSocketEndPoint(path),
                { Address: { } address } => new IPEndPoint(IPAddress.Parse(address), target.Port),
                _ => new DnsEndPoint(target.Host, target.Port),
            };
            await socket.ConnectAsync(endPoint, cancellationToken);
            if (target.UnixSocketPath is null)
            {
                // Status updates are small and latency matters to a synchronous primary.
                socket.NoDelay = true;
                socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
            }

            return new SocketConnection(socket, _pool, target.UnixSocketPath is null ? "tcp" : "unix");
        }
        catch (SocketException ex)
        {
            socket.Dispose();
            throw new TransportException($"could not connect to {target}: {ex.Message}", ex);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
