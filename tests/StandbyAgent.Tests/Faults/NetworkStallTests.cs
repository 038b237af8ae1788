using StandbyAgent.LocalCluster;
using StandbyAgent.Protocol;
using StandbyAgent.Protocol.Replication;
using StandbyAgent.Testing;
using StandbyAgent.Testing.Faults;
using StandbyAgent.Tests.Faults.Support;
using StandbyAgent.Tests.Run.Support;
using StandbyAgent.Tests.Support;

namespace StandbyAgent.Tests.Faults;

/// <summary>
/// The network path goes silent under run mode, with no FIN and no RST (reliability.md D2, A7;
/// walreceiver.c's wal_receiver_timeout; 019_replslot_limit.pl freezes the walsender with
/// SIGSTOP): a proxy in front of the primary stops forwarding, or the walsender is frozen. The
/// agent's receiver timeout fires, it reconnects (waiting, with the primary's own "slot is active"
/// error, until the old walsender lets its slot go), and nothing is lost.
/// </summary>
[Collection(PostgresFixture.CollectionName)]
public sealed class NetworkStallTests(FaultPrimaryFixture own) : IClassFixture<FaultPrimaryFixture>
{
    private const int SegmentSize = FaultPrimaryFixture.SegmentSize;
    private const string TimeoutMessage = "terminating the replication connection due to timeout";
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(2);

    public enum Stall
    {
        /// <summary>A proxy between agent and primary stops forwarding both ways, and closes nothing.</summary>
        ProxyStopsForwarding,

        /// <summary>SIGSTOP to the walsender serving the agent.</summary>
        WalsenderFrozen,
    }

    private LocalPostgresContainer Primary => own.Primary;

    [Theory]
    [InlineData(Stall.ProxyStopsForwarding)]
    [InlineData(Stall.WalsenderFrozen)]
    public async Task A_silent_stall_fires_the_receiver_timeout_and_the_agent_reconnects_without_losing_wal(Stall stall)
    {
        string slot = "stall_" + stall.ToString().ToLowerInvariant();
        await using IAsyncDisposable keep = await Primary.HoldWalAsync("keep_" + slot);
        await using var proxy = new StallingTcpProxy(Primary.Hostname, Primary.Port);
        (string host, int port) = stall == Stall.ProxyStopsForwarding ? (StallingTcpProxy.Host, proxy.Port) : (Primary.Hostname, Primary.Port);
        await using LocalPostgresCluster standby = await BaseBackup.TakeAsync(Primary.Cluster, "-R");
        ConfigText.Append(
            Path.Combine(standby.DataDirectory, "postgresql.auto.conf"),
            ("primary_conninfo", $"host={host} port={port} user=postgres application_name={slot}"),
            ("primary_slot_name", slot));
        Lsn start = BaseBackup.LabelOf(standby).StartLocation;
        await using AgentProcess agent = RunAgent.Start(standby.DataDirectory, "--Receiver:CreateSlot=true", "--Receiver:Timeout=00:00:03");
        try
        {
            await Primary.WaitForFlushAsync(slot, await Primary.GenerateWalAsync(SegmentSize, writers: 1), agent, s_timeout);
            using (await StallAsync(stall, proxy, slot))
            {
                await Primary.GenerateWalAsync(SegmentSize, writers: 1);
                await Eventually.TrueAsync(
                    () => agent.StandardError.Contains(TimeoutMessage, StringComparison.Ordinal) || agent.HasExited,
                    s_timeout,
                    () => $"the receiver timeout did not fire; the agent's log:\n{agent.StandardError}");
            }

            await Primary.GenerateWalAsync(SegmentSize, writers: 1);
            Lsn end = await Primary.SwitchWalAsync();
            await Primary.WaitForFlushAsync(slot, end, agent, s_timeout);

            Assert.Contains("(receiver_timeout)", agent.StandardError, StringComparison.Ordinal);
            WalComparisonResult comparison = CompletedSegments.CompareWith(Path.Combine(standby.DataDirectory, "pg_wal"), Primary.WalDirectory);
            Assert.True(comparison.AllIdentical, comparison.ToString());
            Assert.Equal(WalFileName.SegmentNumber(new Lsn(end.Value - 1), SegmentSize) - WalFileName.SegmentNumber(start, SegmentSize) + 1, (ulong)comparison.Compared);
            agent.Terminate();
            Assert.Equal(0, await agent.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        }
        finally
        {
            await Primary.DropSlotAsync(slot);
        }
    }

    /// <returns>What ends the stall for a frozen walsender (thawing it); nothing to end for the proxy, whose stalled connection just stays.</returns>
    private async Task<IDisposable?> StallAsync(Stall stall, StallingTcpProxy proxy, string slot)
    {
        if (stall == Stall.ProxyStopsForwarding)
        {
            proxy.StallOpenConnections();
            return null;
        }

        int walsender = (int)(await Primary.QueryAsync($"SELECT active_pid FROM pg_replication_slots WHERE slot_name = '{slot}'"))!;
        return ProcessFreezer.Freeze(walsender);
    }
}
