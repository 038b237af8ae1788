using System.Net;

namespace StandbyAgent.Rdma.Tests;

public sealed class SocketAddressCodecTests
{
    [Fact]
    public void An_ipv4_address_is_a_sockaddr_in_with_the_family_in_host_order_and_the_port_in_network_order()
    {
        byte[] buffer = new byte[SocketAddressCodec.StorageSize];

        int length = SocketAddressCodec.Write(IPEndPoint.Parse("10.77.0.1:5434"), buffer);

        Assert.Equal(16, length);
        Assert.Equal(new byte[] { 2, 0, 0x15, 0x3A, 10, 77, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0 }, buffer[..16]);
        Assert.Equal(IPEndPoint.Parse("10.77.0.1:5434"), SocketAddressCodec.Read(buffer));
    }

    [Fact]
    public void An_ipv6_address_is_a_sockaddr_in6_with_its_scope()
    {
        byte[] buffer = new byte[SocketAddressCodec.StorageSize];
        var endPoint = new IPEndPoint(IPAddress.Parse("fe80::1%3"), 5434);

        int length = SocketAddressCodec.Write(endPoint, buffer);

        Assert.Equal(28, length);
        Assert.Equal(new byte[] { 10, 0, 0x15, 0x3A, 0, 0, 0, 0, 0xFE, 0x80 }, buffer[..10]);
        Assert.Equal(3u, BitConverter.ToUInt32(buffer, 24));
        Assert.Equal(endPoint, SocketAddressCodec.Read(buffer));
    }
}
