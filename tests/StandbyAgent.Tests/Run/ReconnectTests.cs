using StandbyAgent.LocalCluster;
using StandbyAgent.Protocol;
using StandbyAgent.Testing;
using StandbyAgent.Tests.Run.Support;
using StandbyAgent.Tests.Support;

namespace StandbyAgent.Tests.Run;

/// <summary>
/// The primary goes away under the agent (restarted, its walsender terminated, replaced by
/// another cluster at the same address): the agent reconnects by itself, and what it keeps in
/// the standby's pg_wal stays byte-identical to the primary's WAL, or untouched.
/// </summary>
[Collection(PostgresFixture.CollectionName)]
public sealed class ReconnectTests(OwnPrimaryFixture own) : IClassFixture<OwnPrimaryFixture>
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(2);

    public enum Disruption
    {
        FastRestart,
        ImmediateRestart,
        WalsenderTerminated,
    }

    private LocalPostgresContainer Primary => own.Primary;

    [Theory]
    [InlineData(Disruption.FastRestart)]
    [InlineData(Disruption.ImmediateRestart)]
    [InlineData(Disruption.WalsenderTerminated)]
    public async Task Reconnects_by_itself_and_the_wal_stays_byte_identical_to_the_primarys(Disruption disruption)
    {
        string slot = "run_" + disruption.ToString().ToLowerInvariant();

        // Keeps every segment from before the backup for the comparison, whatever checkpoints the restarts make.
        await using IAsyncDisposable keep = await Primary.HoldWalAsync("keep_" + slot);
        await using LocalPostgresCluster standby = await BaseBackup.TakeAsync(Primary.Cluster, "-R");
        ConfigText.Append(Path.Combine(standby.DataDirectory, "postgresql.auto.conf"), ("primary_slot_name", slot));
        try
        {
            await using AgentProcess agent = RunAgent.Start(standby.DataDirectory, "--Receiver:CreateSlot=true");
            await Eventually.TrueAsync(() => Primary.SlotIsActiveAsync(slot), s_timeout, () => $"the agent did not start streaming; its log:\n{agent.StandardError}");
            await Primary.GenerateWalAsync(20L * 1024 * 1024, writers: 2);

            await DisruptAsync(disruption, slot);
            await Primary.GenerateWalAsync(20L * 1024 * 1024, writers: 2);
            Lsn end = await Primary.SwitchWalAsync();
            await Primary.WaitForFlushAsync(slot, end, agent, s_timeout);

            WalComparisonResult comparison = CompletedSegments.CompareWith(Path.Combine(standby.DataDirectory, "pg_wal"), Primary.WalDirectory);
            Assert.True(comparison.AllIdentical, comparison.ToString());
            Assert.True(comparison.Compared >= 3, comparison.ToString());
            Assert.Contains("Reconnecting now", agent.StandardError, StringComparison.Ordinal);
            agent.Terminate();
            Assert.Equal(0, await agent.WaitForExitAsync(TimeSpan.FromSeconds(10)));
        }
        finally
        {
            await Primary.DropSlotAsync(slot);
        }
    }

    [Fact]
    public async Task Another_primary_behind_the_same_address_is_refused_with_a_clear_error_and_nothing_is_written()
    {
        await using LocalPostgresCluster standby = await BaseBackup.TakeAsync(Primary.Cluster, "-R");
        string pgWal = Path.Combine(standby.DataDirectory, "pg_wal");
        ulong ours = await Primary.SystemIdentifierAsync();
        await using AgentProcess agent = RunAgent.Start(standby.DataDirectory);
        await agent.WaitForCompletedSegmentAsync(pgWal, s_timeout);

        await Primary.StopAsync();
        try
        {
            await Eventually.TrueAsync(() => agent.StandardError.Contains("Reconnecting now", StringComparison.Ordinal), s_timeout, () => $"the agent did not notice; its log:\n{agent.StandardError}");
            string before = DirectorySnapshot.Describe(pgWal);
            await using (var impostor = new LocalPostgresContainer(Primary.Cluster.Options with { Port = Primary.Port }))
            {
                await impostor.StartAsync();
                ulong theirs = await impostor.SystemIdentifierAsync();
                string refusal = $"belongs to database system {ours}, but the server is database system {theirs}; refusing to write";
                await Eventually.TrueAsync(() => Occurrences(agent.StandardError, refusal) >= 2, s_timeout, () => $"no second refusal; agent log:\n{agent.StandardError}");

                Assert.Contains("needs an operator", agent.StandardError, StringComparison.Ordinal);
                Assert.Equal(before, DirectorySnapshot.Describe(pgWal));
                Assert.False(agent.HasExited);
            }

            agent.Terminate();
            Assert.Equal(0, await agent.WaitForExitAsync(TimeSpan.FromSeconds(10)));
        }
        finally
        {
            await Primary.StartAsync();
        }
    }

    private async Task DisruptAsync(Disruption disruption, string slot)
    {
        switch (disruption)
        {
            case Disruption.FastRestart:
                await Primary.RestartAsync(ShutdownMode.Fast);
                break;
            case Disruption.ImmediateRestart:
                await Primary.RestartAsync(ShutdownMode.Immediate);
                break;
            default:
                Assert.Equal(true, await Primary.QueryAsync($"SELECT pg_terminate_backend(active_pid) FROM pg_replication_slots WHERE slot_name = '{slot}'"));
                break;
        }
    }

    private static int Occurrences(string text, string value) => text.Split(value).Length - 1;
}
