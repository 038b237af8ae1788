using System.Net;
using System.Net.Sockets;
using StandbyAgent.Tests.Support;

namespace StandbyAgent.Tests.Relay;

/// <summary><c>standby-agent relay</c> on this machine, which has no RDMA device.</summary>
public sealed class RelayCommandTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task On_a_host_without_rdma_the_relay_refuses_to_start_and_says_why()
    {
        (int exitCode, string stderr) = await AgentProcess.RunAsync(["relay", "--listen", $"127.0.0.1:{FreePort()}", "--target", "127.0.0.1:5432"], s_timeout);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("error: RDMA is not available: rsocket() found no RDMA device (ENODEV)", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("localhost:5433", "invalid listen address \"localhost:5433\"")]
    [InlineData("10.0.0.5", "invalid listen address \"10.0.0.5\"")]
    public async Task The_listen_address_must_be_numeric_with_a_port(string listen, string expected)
    {
        (int exitCode, string stderr) = await AgentProcess.RunAsync(["relay", "--listen", listen, "--target", "127.0.0.1:5432"], s_timeout);

        Assert.Equal(1, exitCode);
        Assert.Contains(expected, stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_target_needs_a_port()
    {
        (int exitCode, string stderr) = await AgentProcess.RunAsync(["relay", "--listen", "127.0.0.1:5433", "--target", "db.example"], s_timeout);

        Assert.Equal(1, exitCode);
        Assert.Contains("invalid target \"db.example\": give HOST:PORT", stderr, StringComparison.Ordinal);
    }

    private static int FreePort()
    {
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
