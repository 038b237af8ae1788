using System.Net;
using System.Net.Sockets;

namespace StandbyAgent.Rdma;

/// <summary>Connecting, binding, listening and accepting.</summary>
public sealed partial class Rsocket
{
    /// <summary>
    /// Starts a connection on a nonblocking rsocket. False means it is under way: poll for
    /// <see cref="PollEvents.Out"/>, then <see cref="TakeError"/> says how it ended.
    /// </summary>
    /// <returns>True when already connected.</returns>
    public unsafe bool BeginConnect(IPEndPoint endPoint)
    {
        using SafeRsocketHandle.Lease lease = _handle.Acquire();
        _handle.MayBlockOnClose = true;
        byte* address = stackalloc byte[SocketAddressCodec.StorageSize];
        int length = SocketAddressCodec.Write(endPoint, new Span<byte>(address, SocketAddressCodec.StorageSize));
        int result;
        do
        {
            result = Interop.Rdmacm.RConnect(lease.Index, address, (uint)length);
        }
        while (Interop.Errors.Interrupted(result));

        if (result == 0)
        {
            return true;
        }

        var error = RsocketException.FromLastError("rconnect");
        return error.Errno == Errno.EINPROGRESS ? false : throw error;
    }

    public unsafe void Bind(IPEndPoint endPoint)
    {
        using SafeRsocketHandle.Lease lease = _handle.Acquire();
        byte* address = stackalloc byte[SocketAddressCodec.StorageSize];
        int length = SocketAddressCodec.Write(endPoint, new Span<byte>(address, SocketAddressCodec.StorageSize));
        if (Interop.Rdmacm.RBind(lease.Index, address, (uint)length) != 0)
        {
            throw RsocketException.FromLastError("rbind");
        }
    }

    public void Listen(int backlog)
    {
        using SafeRsocketHandle.Lease lease = _handle.Acquire();
        if (Interop.Rdmacm.RListen(lease.Index, backlog) != 0)
        {
            throw RsocketException.FromLastError("rlisten");
        }
    }

    /// <summary>On a nonblocking listener: the next established connection, or null when none is queued.</summary>
    public unsafe Rsocket? TryAccept()
    {
        using SafeRsocketHandle.Lease lease = _handle.Acquire();
        int index;
        do
        {
            index = Interop.Rdmacm.RAccept(lease.Index, null, null);
        }
        while (Interop.Errors.Interrupted(index));

        if (index >= 0)
        {
            return new Rsocket(new SafeRsocketHandle(index) { MayBlockOnClose = true });
        }

        var error = RsocketException.FromLastError("raccept");
        return error.Errno == Errno.EAGAIN ? null : throw error;
    }

    /// <summary>The address family of <paramref name="endPoint"/> as rsocket wants it: IPv4-mapped IPv6 addresses become IPv4.</summary>
    public static IPEndPoint Normalize(IPEndPoint endPoint) =>
        endPoint.AddressFamily == AddressFamily.InterNetworkV6 && endPoint.Address.IsIPv4MappedToIPv6
            ? new IPEndPoint(endPoint.Address.MapToIPv4(), endPoint.Port)
            : endPoint;
}
