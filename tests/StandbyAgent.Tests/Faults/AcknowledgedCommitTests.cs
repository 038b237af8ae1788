using System.Security.Cryptography;
using StandbyAgent.LocalCluster;
using StandbyAgent.Protocol;
using StandbyAgent.Testing;
using StandbyAgent.Tests.Faults.Support;
using StandbyAgent.Tests.Run.Support;
using StandbyAgent.Tests.Support;
using Xunit.Abstractions;

namespace StandbyAgent.Tests.Faults;

/// <summary>
/// The agent in run mode as the primary's only synchronous standby (synchronous_commit = on; never
/// remote_apply, which a receiver that does not replay would block forever), killed with -9 while
/// clients commit, and the power of its pg_wal's disk cut after each kill (reliability.md I8, A8,
/// 4.6; 007_sync_rep.pl, 013_crash_restart.pl): the commit record of every transaction whose
/// COMMIT returned is in the agent's WAL, as pg_waldump reads it, before the agent is started again.
/// </summary>
[Collection(PostgresFixture.CollectionName)]
public sealed class AcknowledgedCommitTests(FaultPrimaryFixture own, ITestOutputHelper output) : IClassFixture<FaultPrimaryFixture>
{
    private const string ApplicationName = "ack_agent";
    private const string Slot = "ack_agent";
    private const int Kills = 5;
    private const int Writers = 4;

    /// <summary>Commits acknowledged since the last start before the next kill: each kill lands among commits.</summary>
    private const int CommitsBetweenKills = 25;

    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(2);

    private LocalPostgresContainer Primary => own.Primary;

    [Fact]
    public async Task Every_commit_acknowledged_before_a_kill_is_in_the_agents_wal_after_the_power_cut()
    {
        int seed = RandomNumberGenerator.GetInt32(int.MaxValue);
        var random = new Random(seed);
        output.WriteLine($"kill delays from seed {seed}");
        await AcknowledgedCommits.CreateTableAsync(Primary);
        await using IAsyncDisposable keep = await Primary.HoldWalAsync("keep_acknowledged");
        await using StandbyOnOwnDisk standby = await StandbyOnOwnDisk.CreateAsync(
            Primary.Cluster,
            diskMegabytes: 256,
            ("primary_conninfo", $"host={Primary.Hostname} port={Primary.Port} user=postgres application_name={ApplicationName}"),
            ("primary_slot_name", Slot));
        Lsn start = standby.Start;
        var agents = new List<AgentProcess> { standby.StartAgent("--Receiver:CreateSlot=true") };
        try
        {
            await SetSynchronousStandbyAsync(ApplicationName);
            await WaitUntilSynchronousAsync(agents[^1]);
            AcknowledgedCommits commits = AcknowledgedCommits.Start(Primary, Writers);
            try
            {
                for (int kill = 1; kill <= Kills; kill++)
                {
                    await commits.WaitForMoreAsync(CommitsBetweenKills, s_timeout);
                    await Task.Delay(random.Next(200));
                    agents[^1].Crash();

                    // Every commit the killed agent's last report released has returned once its walsender is gone.
                    await Eventually.TrueAsync(async () => !await Primary.SlotIsActiveAsync(Slot), s_timeout, () => "the walsender outlived the agent");
                    standby.Disk.CutPower();
                    string context = $"kill {kill} (seed {seed})";
                    IReadOnlySet<uint> acknowledged = commits.Snapshot();
                    await AssertAllCommittedAsync(standby.PgWal, start, acknowledged, context, agents[^1].StandardError);
                    output.WriteLine($"{context}: all {acknowledged.Count} commits acknowledged so far are in the agent's WAL");
                    string? loss = ReceivedWal.FindLoss(standby.PgWal, Primary.WalDirectory, 1, FaultPrimaryFixture.SegmentSize, start, (await Primary.SlotRestartLsnAsync(Slot))!.Value);
                    Assert.True(loss is null, $"{context}: {loss}\nthe killed agent's log:\n{agents[^1].StandardError}");
                    agents.Add(standby.StartAgent());
                }
            }
            catch
            {
                // Clients waiting for a standby that is not coming back would never let go.
                await SetSynchronousStandbyAsync(string.Empty);
                throw;
            }
            finally
            {
                await commits.DisposeAsync();
            }

            AgentProcess last = agents[^1];
            last.Terminate();
            Assert.Equal(0, await last.WaitForExitAsync(TimeSpan.FromSeconds(30)));
            await AssertAllCommittedAsync(standby.PgWal, start, commits.Snapshot(), $"after the last run (seed {seed})", last.StandardError);
            WalComparisonResult comparison = CompletedSegments.CompareWith(standby.PgWal, Primary.WalDirectory);
            Assert.True(comparison.AllIdentical && comparison.Compared > 0, comparison.ToString());
        }
        finally
        {
            await SetSynchronousStandbyAsync(string.Empty);
            foreach (AgentProcess agent in agents)
            {
                await agent.DisposeAsync();
            }

            await Primary.DropSlotAsync(Slot);
        }
    }

    private static async Task AssertAllCommittedAsync(string pgWal, Lsn start, IReadOnlySet<uint> acknowledged, string context, string log)
    {
        (IReadOnlySet<uint> inWal, string stoppedBecause) = await WalCommitRecords.ReadAsync(pgWal, start);
        uint[] missing = [.. acknowledged.Where(xid => !inWal.Contains(xid)).Order()];
        Assert.True(
            missing.Length == 0,
            $"{context}: {missing.Length} of {acknowledged.Count} acknowledged commits are not in the agent's WAL, e.g. transaction {string.Join(", ", missing.Take(5))}; "
            + $"pg_waldump read {inWal.Count} commits and stopped with: {stoppedBecause}\nthe agent's log:\n{log}");
    }

    private async Task SetSynchronousStandbyAsync(string names)
    {
        await Primary.QueryAsync($"ALTER SYSTEM SET synchronous_standby_names = '{names}'");
        await Primary.QueryAsync("SELECT pg_reload_conf()");
    }

    private Task WaitUntilSynchronousAsync(AgentProcess agent) =>
        Eventually.TrueAsync(
            async () => !agent.HasExited
                ? await Primary.QueryAsync($"SELECT sync_state FROM pg_stat_replication WHERE application_name = '{ApplicationName}'") is "sync"
                : throw new InvalidOperationException($"the agent exited:\n{agent.StandardError}"),
            s_timeout,
            () => $"the agent did not become the synchronous standby; its log:\n{agent.StandardError}");
}
