using System.Text.RegularExpressions;
using StandbyAgent.LocalCluster;
using StandbyAgent.Protocol;
using StandbyAgent.Testing;
using StandbyAgent.Tests.Run.Support;
using StandbyAgent.Tests.Support;

namespace StandbyAgent.Tests.Run;

/// <summary>
/// The product end to end: the agent fills the pg_wal of a standby made from a base backup taken
/// without WAL, and a real PostgreSQL standby on that data directory, with no primary_conninfo of
/// its own, replays only what the agent wrote while it writes it, and reaches the primary's data.
/// </summary>
[Collection(PostgresFixture.CollectionName)]
public sealed partial class RealStandbyReplayTests(PostgresFixture postgres)
{
    private const string Slot = "run_replay";
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(2);

    private LocalPostgresContainer Primary => (LocalPostgresContainer)postgres.Container;

    [Fact]
    public async Task A_standby_that_replays_only_what_the_agent_wrote_reaches_the_primarys_data_without_an_error()
    {
        await using LocalPostgresCluster standby = await BaseBackup.TakeAsync(Primary.Cluster);

        // The server stays a standby and replays pg_wal, which only the agent fills; the agent's
        // own settings live outside the data directory, where the server does not read them.
        await File.WriteAllTextAsync(Path.Combine(standby.DataDirectory, "standby.signal"), string.Empty);
        string config = Path.Combine(standby.BaseDirectory, "agent-recovery.conf");
        ConfigText.Append(config, ("primary_conninfo", Primary.GetConnInfo(TestUsers.Replicator.Name)), ("primary_slot_name", Slot));
        try
        {
            await using AgentProcess agent = RunAgent.Start(standby.DataDirectory, "--config", config, "--Receiver:CreateSlot=true");
            string pgWal = Path.Combine(standby.DataDirectory, "pg_wal");
            await agent.WaitForCompletedSegmentAsync(pgWal, s_timeout);
            await StartAsync(standby, agent);

            await Primary.GenerateWalAsync(32L * 1024 * 1024, writers: 2);
            string expected = (string)(await Primary.QueryAsync(ServerQueries.LoadTableChecksum))!;
            Lsn end = await Primary.SwitchWalAsync();
            await Primary.WaitForFlushAsync(Slot, end, agent, s_timeout);
            await Eventually.TrueAsync(
                async () => await standby.ReplayedUpToAsync() >= end, s_timeout, () => $"the standby did not replay up to {end}; its log:\n{File.ReadAllText(standby.LogFile)}");

            Assert.Equal(expected, (string)(await standby.QueryAsync(ServerQueries.LoadTableChecksum))!);
            Assert.Empty(Errors(File.ReadAllLines(standby.LogFile)));

            // Started as root, the agent wrote as the server's own account, as a walreceiver does.
            uint owner = FileOwner.Of(standby.DataDirectory);
            Assert.NotEqual(0u, owner);
            Assert.All(Directory.EnumerateFileSystemEntries(pgWal, "*", SearchOption.AllDirectories), path => Assert.Equal((path, owner), (path, FileOwner.Of(path))));
            agent.Terminate();
            Assert.Equal(0, await agent.WaitForExitAsync(TimeSpan.FromSeconds(10)));
            Assert.DoesNotContain(TestUsers.Replicator.Password!, agent.StandardError, StringComparison.Ordinal);
        }
        finally
        {
            await Primary.DropSlotAsync(Slot);
        }
    }

    /// <summary>pg_ctl says why the server did not start; what the agent did is the other half of the story.</summary>
    private static async Task StartAsync(LocalPostgresCluster standby, AgentProcess agent)
    {
        try
        {
            await standby.StartAsync();
        }
        catch (LocalClusterException ex)
        {
            string pgWal = Path.Combine(standby.DataDirectory, "pg_wal");
            throw new InvalidOperationException(
                $"{ex.Message}\n--- pg_wal ---\n{DirectorySnapshot.Describe(pgWal)}\n--- agent log ---\n{agent.StandardError}", ex);
        }
    }

    /// <summary>
    /// ERROR, FATAL and PANIC lines, but for those pg_ctl's own readiness probes cause while the
    /// server is still starting up.
    /// </summary>
    private static IEnumerable<string> Errors(IEnumerable<string> log) =>
        log.Where(line => SeverityPattern().IsMatch(line) && !StartupProbePattern().IsMatch(line));

    [GeneratedRegex(@"\b(ERROR|FATAL|PANIC):")]
    private static partial Regex SeverityPattern();

    [GeneratedRegex("the database system is (starting up|not yet accepting connections)")]
    private static partial Regex StartupProbePattern();
}
