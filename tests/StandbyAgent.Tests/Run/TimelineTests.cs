using StandbyAgent.LocalCluster;
using StandbyAgent.Protocol;
using StandbyAgent.Testing;
using StandbyAgent.Tests.Run.Support;
using StandbyAgent.Tests.Support;

namespace StandbyAgent.Tests.Run;

/// <summary>
/// Failovers: the agent cascades from a standby that is promoted (the new timeline follows on
/// the same connection), then is pointed at another standby promoted after the first was shut
/// down (the new timeline follows on reconnect). Each timeline's history file is written, marked
/// done, and every completed segment matches the server it came from.
/// </summary>
[Collection(PostgresFixture.CollectionName)]
public sealed class TimelineTests
{
    private const string Slot = "agent";
    private const long LoadBytes = 20L * 1024 * 1024;
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Follows_a_promoted_standby_on_the_same_connection_and_a_replacement_primary_after_a_reconnect()
    {
        await using var primary = new LocalPostgresContainer(new LocalClusterOptions { WalSegmentSizeMb = PostgresFixture.WalSegmentSizeMb });
        await primary.StartAsync();
        await KeepWalAsync(primary);
        await using IPostgresContainer first = await primary.CreateStandbyAsync();
        await first.StartAsync();
        await using LocalPostgresCluster standby = await BaseBackup.TakeAsync(((LocalPostgresContainer)primary).Cluster);
        string pgWal = Path.Combine(standby.DataDirectory, "pg_wal");
        string autoConf = Path.Combine(standby.DataDirectory, "postgresql.auto.conf");
        await File.WriteAllTextAsync(Path.Combine(standby.DataDirectory, "standby.signal"), string.Empty);
        ConfigText.Append(autoConf, ("primary_conninfo", ConnInfo(first)), ("primary_slot_name", Slot));

        // Cascading from the first standby while the primary writes; then the first standby is promoted.
        await using (AgentProcess agent = RunAgent.Start(standby.DataDirectory, "--Receiver:CreateSlot=true"))
        {
            Lsn end = await primary.GenerateWalAsync(LoadBytes, writers: 2);
            await first.WaitForFlushAsync(Slot, end, agent, s_timeout);
            await first.PromoteAsync();
            await KeepWalAsync(first);
            await using IPostgresContainer second = await first.CreateStandbyAsync();
            await second.StartAsync();
            await KeepWalAsync(second);
            end = await first.GenerateWalAsync(LoadBytes, writers: 2);
            await first.WaitForFlushAsync(Slot, end, agent, s_timeout);

            AssertHistoryWritten(pgWal, 2, first.WalDirectory);
            Assert.Contains("Switched to timeline 2", agent.StandardError, StringComparison.Ordinal);
            Assert.DoesNotContain("Reconnecting now", agent.StandardError, StringComparison.Ordinal);
            Assert.DoesNotContain("Connection attempt", agent.StandardError, StringComparison.Ordinal);
            agent.Terminate();
            Assert.Equal(0, await agent.WaitForExitAsync(TimeSpan.FromSeconds(10)));

            // The first standby, now a primary, is shut down and the second one promoted in its place.
            await first.GenerateWalAsync(LoadBytes, writers: 1);
            await first.StopAsync();
            await second.PromoteAsync();
            await second.GenerateWalAsync(LoadBytes, writers: 2);
            end = await second.SwitchWalAsync();

            // Pointed at it the way pg_basebackup -R leaves it: one more primary_conninfo line, the last one wins.
            ConfigText.Append(autoConf, ("primary_conninfo", ConnInfo(second)));
            await using AgentProcess restarted = RunAgent.Start(standby.DataDirectory, "--Receiver:CreateSlot=true");
            await second.WaitForFlushAsync(Slot, end, restarted, s_timeout);

            AssertHistoryWritten(pgWal, 3, second.WalDirectory);
            AssertIdentical(CompletedSegments.CompareWith(pgWal, primary.WalDirectory, timeline: 1));
            AssertIdentical(CompletedSegments.CompareWith(pgWal, first.WalDirectory, timeline: 2));
            AssertIdentical(CompletedSegments.CompareWith(pgWal, second.WalDirectory, timeline: 3));
            restarted.Terminate();
            Assert.Equal(0, await restarted.WaitForExitAsync(TimeSpan.FromSeconds(10)));
        }
    }

    /// <summary>
    /// A slot no one reads keeps every segment from now on for the comparisons, whatever the
    /// checkpoints of promotions and shutdowns would remove; never dropped, the cluster goes
    /// with the test.
    /// </summary>
    private static Task KeepWalAsync(IPostgresContainer server) =>
        server.QueryAsync("SELECT pg_create_physical_replication_slot('keep', true)");

    private static string ConnInfo(IPostgresContainer server) => $"host={server.Hostname} port={server.Port} user=postgres";

    private static void AssertHistoryWritten(string pgWal, uint timeline, string serverPgWal)
    {
        string name = $"{timeline:X8}.history";
        Assert.Equal(File.ReadAllBytes(Path.Combine(serverPgWal, name)), File.ReadAllBytes(Path.Combine(pgWal, name)));
        Assert.True(File.Exists(Path.Combine(pgWal, "archive_status", name + ".done")), $"{name} is not marked done");
    }

    private static void AssertIdentical(WalComparisonResult comparison)
    {
        Assert.True(comparison.AllIdentical, comparison.ToString());
        Assert.True(comparison.Compared >= 1, comparison.ToString());
    }
}
