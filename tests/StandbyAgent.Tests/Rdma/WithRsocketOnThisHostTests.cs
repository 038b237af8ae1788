using StandbyAgent.Protocol;
using StandbyAgent.Protocol.Replication;
using StandbyAgent.Testing;
using StandbyAgent.Tests.Metrics;
using StandbyAgent.Tests.Support;

namespace StandbyAgent.Tests.Rdma;

/// <summary>
/// with_rsocket on a host without RDMA (this machine: librdmacm installed, no device), against a
/// real primary: a clear error, fast, and never a silent TCP session; TCP only when asked for.
/// </summary>
[Collection(PostgresFixture.CollectionName)]
public sealed class WithRsocketOnThisHostTests(PostgresFixture postgres)
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(1);

    private IPostgresContainer Primary => postgres.Container;

    [Fact]
    public async Task WITH_RSOCKET_true_fails_within_five_seconds_with_the_enodev_message()
    {
        using var directory = new TempDirectory();

        (int exitCode, string stderr) = await AgentProcess.RunAsync(
            ReceiveArguments(directory), TimeSpan.FromSeconds(5), new Dictionary<string, string?> { ["WITH_RSOCKET"] = "true" });

        Assert.NotEqual(0, exitCode);
        Assert.Contains("RDMA is not available: rsocket() found no RDMA device (ENODEV)", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(directory.FileNames, name => name.EndsWith(WalFileName.PartialSuffix, StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_invalid_with_rsocket_value_is_refused_before_connecting()
    {
        using var directory = new TempDirectory();
        string[] arguments = ["receive", "--directory", directory.Path, "--dbname", Primary.GetConnInfo(TestUsers.Replicator.Name) + " with_rsocket=maybe"];

        (int exitCode, string stderr) = await AgentProcess.RunAsync(arguments, s_timeout);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("invalid value for parameter \"with_rsocket\": \"maybe\"", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Falling_back_to_tcp_happens_only_when_asked_and_is_logged_and_labelled()
    {
        using var directory = new TempDirectory();
        Lsn end = await Primary.CurrentWalLsnAsync();

        (int exitCode, string stderr) = await AgentProcess.RunAsync(
            ReceiveArguments(directory, "--rdma-fallback-to-tcp", "--endpos", end.ToString(), "--no-loop", "-v"),
            s_timeout,
            new Dictionary<string, string?> { ["WITH_RSOCKET"] = "true" });

        Assert.True(exitCode == 0, stderr);
        Assert.Contains("warning: RDMA is not available, so the session with", stderr, StringComparison.Ordinal);
        Assert.Contains("stays on TCP as allowed: RDMA is not available: rsocket() found no RDMA device (ENODEV)", stderr, StringComparison.Ordinal);
        Assert.Contains("over tcp-fallback as user replicator", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_fallback_shows_in_the_metrics_transport_label()
    {
        using var directory = new TempDirectory();
        await using AgentProcess agent = AgentProcess.Start(
            [.. ReceiveArguments(directory, "--rdma-fallback-to-tcp"), .. AgentEndpoint.Arguments],
            new Dictionary<string, string?> { ["WITH_RSOCKET"] = "true" });
        using AgentEndpoint endpoint = await AgentEndpoint.FindAsync(agent);

        string exposition = string.Empty;
        await Eventually.TrueAsync(
            async () => (exposition = await endpoint.ScrapeAsync()).Contains("standby_agent_info{", StringComparison.Ordinal) || agent.HasExited,
            s_timeout,
            () => $"no standby_agent_info: {exposition}; stderr: {agent.StandardError}");

        Assert.Matches("standby_agent_info\\{[^}]*transport=\"tcp-fallback\"[^}]*\\} 1", exposition);
        agent.Terminate();
        Assert.Equal(0, await agent.WaitForExitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task A_missing_librdmacm_names_the_package_to_install()
    {
        using var directory = new TempDirectory();

        (int exitCode, string stderr) = await AgentProcess.RunAsync(
            ReceiveArguments(directory),
            s_timeout,
            new Dictionary<string, string?> { ["WITH_RSOCKET"] = "true", ["STANDBY_AGENT_LIBRDMACM"] = "/nonexistent/librdmacm.so.1" });

        Assert.NotEqual(0, exitCode);
        Assert.Contains("RDMA is not available: /nonexistent/librdmacm.so.1 could not be loaded", stderr, StringComparison.Ordinal);
        Assert.Contains("the package librdmacm1", stderr, StringComparison.Ordinal);
    }

    private string[] ReceiveArguments(TempDirectory directory, params string[] more) =>
        ["receive", "--directory", directory.Path, "--dbname", Primary.GetConnInfo(TestUsers.Replicator.Name), .. more];
}
