using StandbyAgent.LocalCluster;
using StandbyAgent.Protocol;
using StandbyAgent.Protocol.Replication;
using StandbyAgent.Testing;
using StandbyAgent.Testing.Faults;
using StandbyAgent.Tests.Faults.Support;
using StandbyAgent.Tests.Run.Support;
using StandbyAgent.Tests.Support;
using Xunit.Abstractions;

namespace StandbyAgent.Tests.Faults;

/// <summary>
/// kill -9 at many random moments while <c>receive</c> streams under a steady load, then the power
/// of the disk holding its WAL directory is cut too (reliability.md E1, E7, I1, I2, I4, I5, C5).
/// The page cache survives a killed process, so the kill alone would hide a missing fsync; the
/// cut drops every write no fsync made durable, as a machine crash would. After each one, every
/// byte the agent ever reported flushed (the slot's restart_lsn, and pg_stat_replication sampled
/// all along) must be on disk and equal to the primary's, and every segment under its complete
/// name must be the primary's; then the agent is started again on what is left.
/// </summary>
[Collection(PostgresFixture.CollectionName)]
public sealed class CrashLoopTests(FaultPrimaryFixture own, ITestOutputHelper output) : IClassFixture<FaultPrimaryFixture>
{
    private const string Slot = "crash_loop";
    private const string ApplicationName = "crash_loop";
    private const int SegmentSize = FaultPrimaryFixture.SegmentSize;

    /// <summary>Three segments a second: most kills land near a segment's completion or the next one's start.</summary>
    private const long LoadBytesPerSecond = 3L * SegmentSize;

    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(2);

    private LocalPostgresContainer Primary => own.Primary;

    [Fact]
    public async Task Killed_at_random_moments_under_load_it_never_loses_a_byte_it_reported_flushed()
    {
        CrashSchedule schedule = CrashSchedule.FromEnvironment();
        output.WriteLine(schedule.ToString());

        // Everything from here on stays on the primary for the comparisons: the agent's own slot moves.
        await using IAsyncDisposable keep = await Primary.HoldWalAsync("keep_crash_loop");
        await Primary.QueryAsync($"SELECT pg_create_physical_replication_slot('{Slot}', true)");
        using var disk = MountedFileSystem.LoopExt4(megabytes: 2048);
        string wal = disk.CreateDirectory("wal");
        using var stopLoad = new CancellationTokenSource();
        Task load = Primary.GenerateWalUntilCancelledAsync(LoadBytesPerSecond, writer: 100, stopLoad.Token);
        try
        {
            Lsn reserved = (await Primary.SlotRestartLsnAsync(Slot))!.Value;
            Lsn start = WalFileName.SegmentStart(WalFileName.SegmentNumber(reserved, SegmentSize), SegmentSize);
            var audit = new CrashAudit(wal, Primary.WalDirectory, start, schedule);
            await using (FlushSampler sampler = FlushSampler.Start(Primary, ApplicationName))
            {
                foreach (KillPoint kill in schedule.KillPoints)
                {
                    string log = await RunAndKillAsync(wal, kill);
                    await Eventually.TrueAsync(async () => !await Primary.SlotIsActiveAsync(Slot), s_timeout, () => "the walsender outlived the agent");
                    // Until the agent reports a flush, the slot's restart_lsn is where creating it reserved WAL.
                    Lsn slot = (await Primary.SlotRestartLsnAsync(Slot))!.Value;
                    audit.Reported(Lsn.Max(sampler.HighestFlush, slot == reserved ? start : slot));
                    disk.CutPower();
                    audit.Check(kill, log);
                }

                Assert.True(sampler.Problems.Count == 0, $"{schedule}: {string.Join("; ", sampler.Problems)}");
            }

            // The last run is left alone: it must catch up with everything, and stop cleanly.
            await using AgentProcess last = StartAgent(wal, synchronous: false);
            await stopLoad.CancelAsync();
            await load;
            Lsn end = await Primary.SwitchWalAsync();
            await Primary.WaitForFlushAsync(Slot, end, last, s_timeout);
            last.Terminate();
            Assert.Equal(0, await last.WaitForExitAsync(TimeSpan.FromSeconds(30)));
            audit.CheckFinal(end);
            output.WriteLine(audit.ToString());
        }
        finally
        {
            await stopLoad.CancelAsync();
            await load;
            await Primary.DropSlotAsync(Slot);
        }
    }

    /// <returns>The agent's log, for the failure message of the check that follows.</returns>
    private async Task<string> RunAndKillAsync(string wal, KillPoint kill)
    {
        await using AgentProcess agent = StartAgent(wal, kill.Synchronous);
        await Task.Delay(kill.After);
        Assert.False(agent.HasExited, $"the agent exited by itself before the kill at {kill.After.TotalMilliseconds} ms; its log:\n{agent.StandardError}");
        agent.Crash();
        return agent.StandardError;
    }

    private AgentProcess StartAgent(string wal, bool synchronous) =>
        AgentProcess.Start([
            "receive", "--directory", wal, "--slot", Slot, "--status-interval", "1",
            "--dbname", $"{Primary.GetConnInfo(TestUsers.Replicator.Name)} application_name={ApplicationName}",
            .. synchronous ? ["--synchronous"] : Array.Empty<string>(),
        ]);
}
