using System.Net;
using StandbyAgent.Metrics;

namespace StandbyAgent.Tests.Metrics;

public sealed class ListenAddressTests
{
    [Theory]
    [InlineData("127.0.0.1:9188", "127.0.0.1:9188")]
    [InlineData("0.0.0.0:0", "0.0.0.0:0")]
    [InlineData("[::1]:9188", "[::1]:9188")]
    [InlineData("[::]:65535", "[::]:65535")]
    public void An_ip_address_and_a_port_are_accepted(string text, string endpoint)
    {
        Assert.True(ListenAddress.TryParse(text, out IPEndPoint? parsed));
        Assert.Equal(endpoint, parsed!.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("127.0.0.1")]
    [InlineData(":9188")]
    [InlineData("localhost:9188")]
    [InlineData("::1:9188")]
    [InlineData("[::1]")]
    [InlineData("127.0.0.1:65536")]
    [InlineData("127.0.0.1:-1")]
    [InlineData("127.0.0.1:+9188")]
    [InlineData("127.0.0.1: 9188")]
    [InlineData("127.0.0.1:9188x")]
    public void Anything_else_is_refused(string text)
    {
        Assert.False(ListenAddress.TryParse(text, out _));
    }

    [Fact]
    public void Unset_listens_on_loopback_port_9188()
    {
        Assert.True(new MetricsOptions().TryGetEndpoint(out IPEndPoint? endpoint));
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 9188), endpoint);
    }

    [Fact]
    public void Empty_turns_the_endpoint_off()
    {
        Assert.True(new MetricsOptions { Listen = string.Empty }.TryGetEndpoint(out IPEndPoint? endpoint));
        Assert.Null(endpoint);
    }
}
