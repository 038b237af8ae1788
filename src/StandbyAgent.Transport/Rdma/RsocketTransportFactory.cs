using System.Net;
using Microsoft.Extensions.Logging;
using StandbyAgent.Rdma;
using StandbyAgent.Transport.Buffers;

namespace StandbyAgent.Transport.Rdma;

/// <summary>
/// rsocket connections (RDMA through librdmacm), on the same pinned pool as the TCP transport.
/// librdmacm is loaded on first use, so a process that never asks for RDMA never needs it.
/// </summary>
public sealed class RsocketTransportFactory : ITransportFactory
{
    private readonly PinnedBlockMemoryPool _pool;
    private readonly ILogger _logger;
    private bool _available;

    public RsocketTransportFactory(PinnedBlockMemoryPool pool, ILogger logger, RsocketTransportOptions? options = null)
    {
        _pool = pool;
        _logger = logger;
        Options = options ?? new RsocketTransportOptions();
    }

    public RsocketTransportOptions Options { get; }

    /// <returns>
    /// Null when this host can make rsocket connections; otherwise what stands in the way. Once the
    /// check passed it is not made again (it opens a probe rsocket): the upgrade asks before its
    /// request, the connect after it, and every reconnect asks again.
    /// </returns>
    public RdmaUnavailableException? CheckAvailability()
    {
        if (Volatile.Read(ref _available))
        {
            return null;
        }

        RdmaUnavailableException? problem = RdmaAvailability.Check(Options);
        if (problem is null && !Interlocked.Exchange(ref _available, true))
        {
            RdmaLog.LibraryLoaded(_logger, RdmacmLibrary.LoadedPath ?? "librdmacm", RdmacmLibrary.RdmaCoreVersion ?? "unknown");
        }

        return problem;
    }

    public async ValueTask<ITransportConnection> ConnectAsync(TransportTarget target, CancellationToken cancellationToken)
    {
        if (target.UnixSocketPath is not null)
        {
            throw new NotSupportedException($"rsocket connects to IP addresses; {target} is a Unix-domain socket");
        }

        if (CheckAvailability() is { } problem)
        {
            throw problem;
        }

        IPEndPoint endPoint = Rsocket.Normalize(new IPEndPoint(await ResolveAsync(target, cancellationToken), target.Port));
        return await RsocketConnection.ConnectAsync(endPoint, _pool, Options, _logger, cancellationToken);
    }

    private static async Task<IPAddress> ResolveAsync(TransportTarget target, CancellationToken cancellationToken)
    {
        if (IPAddress.TryParse(target.Address ?? target.Host, out IPAddress? address))
        {
            return address;
        }

        try
        {
            IPAddress[] addresses = await Dns.GetHostAddressesAsync(target.Host, cancellationToken);
            return addresses.Length > 0 ? addresses[0] : throw new TransportException($"could not translate host name \"{target.Host}\" to an address");
        }
        catch (System.Net.Sockets.SocketException ex)
        {
            throw new TransportException($"could not translate host name \"{target.Host}\" to an address: {ex.Message}", ex);
        }
    }
}
