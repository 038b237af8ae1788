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

            Task<Lsn> load = Primary.GenerateWalAsync(48L * 1024 * 1024, writers: 2);
            await Eventually.TrueAsync(
                async () => await Primary.SlotRestartLsnAsync(Slot) >= start + (2UL * SegmentSize), s_timeout, () => $"the agent did not stream under load; its log:\n{agent.StandardError}");
            Assert.False(load.IsCompleted, "the load ended before the agent was stopped in its middle");
            long stopAsked = Stopwatch.GetTimestamp();
            agent.Terminate();
            int exitCode = await agent.WaitForExitAsync(TimeSpan.FromSeconds(30));
            TimeSpan stoppedIn = Stopwatch.GetElapsedTime(stopAsked);
            await load;

            Assert.Equal(0, exitCode);
            Assert.True(stoppedIn < TimeSpan.FromSeconds(5), $"the agent took {stoppedIn.TotalSeconds:0.0} s to stop");
            Lsn reported = (await Primary.SlotRestartLsnAsync(Slot))!.Value;
            AssertOnDisk(pgWal, start, reported);
        }
        finally
        {
            await Primary.DropSlotAsync(Slot);
        }
    }

    /// <summary>
    /// The slot's restart_lsn is the last flush position the agent reported: every byte before it
    /// must be in the agent's pg_wal, identical to the primary's.
    /// </summary>
    private void AssertOnDisk(string pgWal, Lsn from, Lsn reported)
    {
        ulong first = WalFileName.SegmentNumber(from, SegmentSize);
        ulong last = WalFileName.SegmentNumber(reported, SegmentSize);
        for (ulong segment = first; segment <= last; segment++)
        {
            string name = WalFileName.Segment(1, segment, SegmentSize);
            int length = segment < last ? SegmentSize : (int)(reported.Value % SegmentSize);
            if (length == 0)
            {
                break;
            }

            byte[] received = ReadPrefix(Path.Combine(pgWal, name), length);
            byte[] original = ReadPrefix(Path.Combine(Primary.WalDirectory, name), length);
            Assert.True(received.AsSpan().SequenceEqual(original), $"{name}: the first {length} bytes, reported flushed up to {reported}, differ from the primary's");
        }
    }

    private static byte[] ReadPrefix(string path, int length)
    {
        byte[] bytes = new byte[length];
        using FileStream file = File.OpenRead(path);
        file.ReadExactly(bytes);
        return bytes;
    }
}
