using System.Net;
using System.Net.Sockets;
using StandbyAgent.Tests.Support;

namespace StandbyAgent.Tests.Metrics;

/// <summary><c>standby-agent receive --metrics-listen</c>, the real executable, with no server to reach.</summary>
public sealed class ReceiveMetricsTests
{
    private const string Password = "never-in-a-metric-or-a-log-line";

    [Fact]
    public async Task An_unreachable_server_shows_as_backoff_with_connection_lost_reconnects_and_the_password_appears_nowhere()
    {
        using var directory = new TempDirectory();
        using Socket closed = BoundButNotListening();
        await using AgentProcess agent = AgentProcess.Start(
            ["receive", "--directory", directory.Path, "--dbname", ConnInfo(closed), .. AgentEndpoint.Arguments]);
        using AgentEndpoint endpoint = await AgentEndpoint.FindAsync(agent);

        string exposition = string.Empty;
        await Eventually.TrueAsync(
            async () => (exposition = await endpoint.ScrapeAsync()).Contains("\nstandby_agent_state{state=\"backoff\"} 1\n", StringComparison.Ordinal),
            TimeSpan.FromSeconds(30),
            () => $"never in backoff: {exposition}");
        Assert.Contains("\nstandby_agent_reconnects_total{reason=\"connection_lost\"} 1\n", exposition, StringComparison.Ordinal);
        Assert.DoesNotContain("standby_agent_info", exposition, StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.ServiceUnavailable, "not streaming: the receiver is backoff\n"), await endpoint.GetAsync("/readyz"));
        Assert.Equal((HttpStatusCode.OK, "ok\n"), await endpoint.GetAsync("/healthz"));

        agent.Terminate();
        Assert.Equal(0, await agent.WaitForExitAsync(TimeSpan.FromSeconds(10)));
        Assert.DoesNotContain(Password, exposition, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, agent.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, agent.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_the_option_receive_serves_no_metrics()
    {
        using var directory = new TempDirectory();
        using Socket closed = BoundButNotListening();
        await using AgentProcess agent = AgentProcess.Start(["receive", "--directory", directory.Path, "--dbname", ConnInfo(closed), "--verbose"]);
        await Eventually.TrueAsync(
            () => agent.StandardError.Contains("waiting 5 seconds", StringComparison.Ordinal) || agent.HasExited,
            TimeSpan.FromSeconds(30),
            () => $"no reconnect attempt; stderr: {agent.StandardError}");

        Assert.False(agent.HasExited, $"the agent exited instead of waiting to reconnect; stderr: {agent.StandardError}");
        Assert.DoesNotContain("Serving /metrics", agent.StandardError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("localhost:9188")]
    [InlineData("127.0.0.1")]
    public async Task An_invalid_metrics_address_is_a_usage_error(string listen)
    {
        using var directory = new TempDirectory();

        (int exitCode, string stderr) = await AgentProcess.RunAsync(
            ["receive", "--directory", directory.Path, "--dbname", "host=127.0.0.1", "--metrics-listen", listen], TimeSpan.FromSeconds(30));

        Assert.Equal(1, exitCode);
        Assert.StartsWith(
            $"standby-agent: error: invalid metrics listen address \"{listen}\": give an IP address and a port, e.g. 127.0.0.1:9188 or [::1]:9188\n",
            stderr,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_metrics_address_in_use_stops_receive_with_one_line_naming_it()
    {
        using var directory = new TempDirectory();
        using var taken = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        taken.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        taken.Listen();
        using Socket closed = BoundButNotListening();

        (int exitCode, string stderr) = await AgentProcess.RunAsync(
            ["receive", "--directory", directory.Path, "--dbname", ConnInfo(closed), "--metrics-listen", taken.LocalEndPoint!.ToString()!], TimeSpan.FromSeconds(30));

        Assert.Equal(1, exitCode);
        Assert.StartsWith($"standby-agent: error: could not serve metrics on {taken.LocalEndPoint}: ", stderr, StringComparison.Ordinal);
        Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>A port nobody can take while the test runs, that refuses connections.</summary>
    private static Socket BoundButNotListening()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return socket;
    }

    private static string ConnInfo(Socket closed) =>
        $"host=127.0.0.1 port={((IPEndPoint)closed.LocalEndPoint!).Port} user=replicator password={Password}";
}
