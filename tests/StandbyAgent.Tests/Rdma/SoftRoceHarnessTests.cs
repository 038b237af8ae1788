using System.Globalization;
using System.Text.RegularExpressions;
using StandbyAgent.Testing;

namespace StandbyAgent.Tests.Rdma;

/// <summary>
/// with_rsocket=true on a real RDMA stack: soft-RoCE (rdma_rxe) in a qemu guest running Debian's
/// kernel, a vanilla PostgreSQL primary, standby-agent relay in front of it, and standby-agent
/// receive. Every assertion reads the evidence the guest left (tests/rdma/guest/scenarios.sh).
/// </summary>
[Collection(SoftRoceCollection.Name)]
public sealed partial class SoftRoceHarnessTests(SoftRoceHarness harness)
{
    private const long SegmentSize = 16 * 1024 * 1024;

    [Fact]
    public void The_guest_ran_every_scenario()
    {
        Assert.True(harness.ExitCode == 0, $"run-harness.sh exited with {harness.ExitCode} after {harness.Duration}:\n{harness.Output}");
        Assert.Equal("completed", harness.Read("status").Trim());
    }

    [Fact]
    public void Segments_streamed_over_rsocket_under_load_are_byte_identical_to_the_primarys()
    {
        WalComparisonResult comparison = WalDirectoryComparison.Compare(Path.Combine(harness.Evidence, "received"), Path.Combine(harness.Evidence, "primary"));

        Assert.True(comparison.AllIdentical, comparison.ToString());
        Assert.True(comparison.Compared >= 4, $"only {comparison.Compared} complete segments: {comparison}");
    }

    [Fact]
    public void The_agent_connected_over_rsocket_through_the_relay_both_times()
    {
        string agent = harness.Read("agent-a.log");

        Assert.Equal(2, Regex.Matches(agent, "Connected to 10.77.0.1:5433 over rsocket as user replicator").Count);
        Assert.Equal(2, Regex.Matches(agent, @"the session moves to rsocket 10\.77\.0\.1:5434").Count);
        Assert.DoesNotContain("tcp-fallback", agent, StringComparison.Ordinal);
    }

    [Fact]
    public void The_wal_went_over_rsocket_and_the_relays_tcp_port_carried_only_the_handshake()
    {
        // Relay 2's first session is agent a's second one, which ended when the agent stopped; its
        // end reason depends on which side the relay saw close first.
        Match session = SessionEnded().Match(harness.Read("relay-2.log"));

        Assert.True(session.Success, harness.Read("relay-2.log"));
        long tcpFromClient = long.Parse(session.Groups["tcpFromClient"].Value, CultureInfo.InvariantCulture);
        long tcpToClient = long.Parse(session.Groups["tcpToClient"].Value, CultureInfo.InvariantCulture);
        long rsocketToClient = long.Parse(session.Groups["rsocketToClient"].Value, CultureInfo.InvariantCulture);
        long rsocketFromClient = long.Parse(session.Groups["rsocketFromClient"].Value, CultureInfo.InvariantCulture);
        Assert.InRange(tcpFromClient + tcpToClient, 1, 4096);
        Assert.True(rsocketToClient > 2 * SegmentSize, $"only {rsocketToClient} bytes reached the agent over rsocket");
        Assert.True(rsocketFromClient > 0, "no status updates came back over rsocket");
    }

    [Fact]
    public void The_rdma_stack_held_queue_pairs_and_connections_for_the_agent_and_the_relay()
    {
        string queuePairs = harness.Read("rdma-qp.txt");
        string connections = harness.Read("rdma-cm_id.txt");

        Assert.Contains("type RC", queuePairs, StringComparison.Ordinal);
        Assert.Matches(@"dst-addr 10\.77\.0\.1:5434", connections);
        Assert.Matches(@"src-addr 10\.77\.0\.1:5434", connections);
    }

    [Fact]
    public void A_looping_agent_reports_the_killed_relay_and_reconnects()
    {
        string agent = harness.Read("agent-a.log");

        Assert.Contains("warning: disconnected: ", agent, StringComparison.Ordinal);
        Assert.True(
            agent.IndexOf("warning: disconnected: ", StringComparison.Ordinal) < agent.LastIndexOf("over rsocket as user", StringComparison.Ordinal),
            agent);
        Assert.Equal(0, harness.ExitCodes()["agent-a"]);
    }

    [Fact]
    public void With_no_loop_the_killed_relay_ends_the_agent_with_a_clear_error()
    {
        string agent = harness.Read("agent-b.log");

        Assert.Equal(1, harness.ExitCodes()["agent-b"]);
        Assert.Contains("over rsocket as user replicator", agent, StringComparison.Ordinal);
        Assert.Matches(@"error: disconnected: (server closed the connection unexpectedly|rsocket connection to 10\.77\.0\.1:5434 failed)", agent);
    }

    [Fact]
    public void A_locked_memory_limit_too_low_names_LimitMEMLOCK_and_ulimit()
    {
        string agent = harness.Read("agent-c.log");

        Assert.NotEqual(0, harness.ExitCodes()["agent-c"]);
        Assert.Contains("error: RDMA is not available: the locked-memory limit is 64 kB", agent, StringComparison.Ordinal);
        Assert.Contains("LimitMEMLOCK=infinity", agent, StringComparison.Ordinal);
        Assert.Contains("ulimit -l", agent, StringComparison.Ordinal);
    }

    [Fact]
    public void A_primary_that_does_not_speak_rsocket_answers_with_its_fatal_error_and_the_agent_explains()
    {
        string agent = harness.Read("agent-d.log");

        Assert.NotEqual(0, harness.ExitCodes()["agent-d"]);
        Assert.Contains("FATAL: invalid frontend message type 82 (SQLSTATE 08P01)", agent, StringComparison.Ordinal);
        Assert.Contains("needs standby-agent relay on its host", agent, StringComparison.Ordinal);
        Assert.DoesNotContain("over tcp", agent, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"ended \(the (client|server) closed its connection\): over TCP (?<tcpFromClient>\d+) bytes from the client and (?<tcpToClient>\d+) to it; over rsocket (?<rsocketFromClient>\d+) bytes from the client and (?<rsocketToClient>\d+) to it")]
    private static partial Regex SessionEnded();
}
