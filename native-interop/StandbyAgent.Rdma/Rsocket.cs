using System.Net;
using System.Net.Sockets;

namespace StandbyAgent.Rdma;

/// <summary>
/// One rsocket: librdmacm's socket-like API over an RDMA reliable connection. Meant for one I/O
/// thread that waits in <see cref="RsocketPoll"/> and then calls the nonblocking operations here.
/// Call <see cref="RdmacmLibrary.TryLoad"/> first.
/// </summary>
public sealed partial class Rsocket : IDisposable
{
    private readonly SafeRsocketHandle _handle;

    private Rsocket(SafeRsocketHandle handle)
    {
        _handle = handle;
    }

    /// <summary>What <see cref="RsocketPoll"/> waits on; it also tells when rclose has finished.</summary>
    public SafeRsocketHandle Handle => _handle;

    /// <summary>
    /// A stream rsocket. Fails with ENODEV when the host has no RDMA device (or no RDMA kernel
    /// stack), and can stall 5 s first when /dev/infiniband/rdma_cm is missing.
    /// </summary>
    public static Rsocket Create(AddressFamily family)
    {
        int domain = family == AddressFamily.InterNetworkV6 ? Interop.Rdmacm.AF_INET6 : Interop.Rdmacm.AF_INET;

        // SOCK_NONBLOCK in the type is refused before rdma-core 63: see SetNonBlocking.
        int index = Interop.Rdmacm.RSocket(domain, Interop.Rdmacm.SOCK_STREAM, 0);
        return index < 0 ? throw RsocketException.FromLastError("rsocket") : new Rsocket(new SafeRsocketHandle(index));
    }

    /// <summary>O_NONBLOCK through rfcntl, which every rdma-core release supports.</summary>
    public void SetNonBlocking()
    {
        using SafeRsocketHandle.Lease lease = _handle.Acquire();
        int flags = Interop.Rdmacm.RFcntl(lease.Index, Interop.Rdmacm.F_GETFL, 0);
        if (flags < 0 || Interop.Rdmacm.RFcntl(lease.Index, Interop.Rdmacm.F_SETFL, flags | Interop.Rdmacm.O_NONBLOCK) < 0)
        {
            throw RsocketException.FromLastError("rfcntl");
        }
    }

    public IPEndPoint LocalEndPoint => GetName(peer: false);

    public IPEndPoint RemoteEndPoint => GetName(peer: true);

    /// <summary>Closes the rsocket; a connection's rclose runs on a thread of its own (see <see cref="SafeRsocketHandle.Closed"/>).</summary>
    public void Dispose() => _handle.Dispose();

    private unsafe IPEndPoint GetName(bool peer)
    {
        using SafeRsocketHandle.Lease lease = _handle.Acquire();
        byte* address = stackalloc byte[SocketAddressCodec.StorageSize];
        uint length = SocketAddressCodec.StorageSize;
        int result = peer
            ? Interop.Rdmacm.RGetPeerName(lease.Index, address, &length)
            : Interop.Rdmacm.RGetSockName(lease.Index, address, &length);
        if (result != 0)
        {
            throw RsocketException.FromLastError(peer ? "rgetpeername" : "rgetsockname");
        }

        return SocketAddressCodec.Read(new ReadOnlySpan<byte>(address, (int)length));
    }
}
