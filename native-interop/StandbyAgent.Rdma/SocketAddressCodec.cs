using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace StandbyAgent.Rdma;

/// <summary>struct sockaddr_in and sockaddr_in6: the family in host order, the port in network order.</summary>
internal static class SocketAddressCodec
{
    /// <summary>sizeof(struct sockaddr_storage): room for any address a call may return.</summary>
    public const int StorageSize = 128;

    private const int InetSize = 16;
    private const int Inet6Size = 28;

    public static int Write(IPEndPoint endPoint, Span<byte> buffer)
    {
        buffer.Clear();
        bool v4 = endPoint.AddressFamily == AddressFamily.InterNetwork;
        MemoryMarshal.Write(buffer, (ushort)(v4 ? Interop.Rdmacm.AF_INET : Interop.Rdmacm.AF_INET6));
        BinaryPrimitives.WriteUInt16BigEndian(buffer[2..], (ushort)endPoint.Port);
        if (v4)
        {
            endPoint.Address.TryWriteBytes(buffer.Slice(4, 4), out _);
            return InetSize;
        }

        // sin6_flowinfo, bytes 4 to 8, stays 0.
        endPoint.Address.TryWriteBytes(buffer.Slice(8, 16), out _);
        MemoryMarshal.Write(buffer[24..], (uint)endPoint.Address.ScopeId);
        return Inet6Size;
    }

    public static IPEndPoint Read(ReadOnlySpan<byte> buffer)
    {
        ushort family = MemoryMarshal.Read<ushort>(buffer);
        int port = BinaryPrimitives.ReadUInt16BigEndian(buffer[2..]);
        return family switch
        {
            Interop.Rdmacm.AF_INET => new IPEndPoint(new IPAddress(buffer.Slice(4, 4)), port),
            Interop.Rdmacm.AF_INET6 => new IPEndPoint(new IPAddress(buffer.Slice(8, 16), MemoryMarshal.Read<uint>(buffer[24..])), port),
            _ => throw new NotSupportedException($"address family {family} is not IPv4 or IPv6"),
        };
    }
}
