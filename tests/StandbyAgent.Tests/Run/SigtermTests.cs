using System.Diagnostics;
using StandbyAgent.LocalCluster;
using StandbyAgent.Protocol;
using StandbyAgent.Protocol.Replication;
using StandbyAgent.Testing;
using StandbyAgent.Tests.Run.Support;
using StandbyAgent.Tests.Support;

namespace StandbyAgent.Tests.Run;

/// <summary>SIGTERM in the middle of a load: a quick, clean exit, and no flush reported for a byte that is not on disk.</summary>
[Collection(PostgresFixture.CollectionName)]
public sealed class SigtermTests(PostgresFixture postgres)
{
    private const string Slot = "run_sigterm";
    private const int SegmentSize = PostgresFixture.WalSegmentSizeMb * 1024 * 1024;

    /// <summary>Steady writes until the agent has stopped, so the SIGTERM always lands mid-stream.</summary>
    private const long LoadBytesPerSecond = 16L * 1024 * 1024;

    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(2);

    private LocalPostgresContainer Primary => (LocalPostgresContainer)postgres.Container;

    [Fact]
    public async Task Sigterm_under_load_exits_0_within_5_seconds_and_every_byte_reported_flushed_is_on_disk()
    {
        await using LocalPostgresCluster standby = await BaseBackup.TakeAsync(Primary.Cluster, "-R");
        ConfigText.Append(Path.Combine(standby.DataDirectory, "postgresql.auto.conf"), ("primary_slot_name", Slot));
        string pgWal = Path.Combine(standby.DataDirectory, "pg_wal");
        try
        {
            await using AgentProcess agent = RunAgent.Start(standby.DataDirectory, "--Receiver:CreateSlot=true");
            await Eventually.TrueAsync(() => Primary.SlotIsActiveAsync(Slot), s_timeout, () => $"the agent did not start streaming; its log:\n{agent.StandardError}");
            Lsn start = (await Primary.SlotRestartLsnAsync(Slot))!.Value;

            using var stopLoad = new CancellationTokenSource();
            Task load = Primary.GenerateWalUntilCancelledAsync(LoadBytesPerSecond, writer: 300, stopLoad.Token);
            await Eventually.TrueAsync(
                async () => await Primary.SlotRestartLsnAsync(Slot) >= start + (2UL * SegmentSize), s_timeout, () => $"the agent did not stream under load; its log:\n{agent.StandardError}");
            long stopAsked = Stopwatch.GetTimestamp();
            agent.Terminate();
            int exitCode = await agent.WaitForExitAsync(TimeSpan.FromSeconds(30));
            TimeSpan stoppedIn = Stopwatch.GetElapsedTime(stopAsked);
            await stopLoad.CancelAsync();
            await load;

            Assert.Equal(0, exitCode);
            Assert.True(stoppedIn < TimeSpan.FromSeconds(5), $"the agent took {stoppedIn.TotalSeconds:0.0} s to stop");

            // The slot's restart_lsn is the last flush position the agent reported.
            Lsn reported = (await Primary.SlotRestartLsnAsync(Slot))!.Value;
            string? loss = ReceivedWal.FindLoss(pgWal, Primary.WalDirectory, 1, SegmentSize, start, reported);
            Assert.True(loss is null, loss);
        }
        finally
        {
            await Primary.DropSlotAsync(Slot);
        }
    }
}
