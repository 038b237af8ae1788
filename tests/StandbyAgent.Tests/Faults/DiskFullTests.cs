using StandbyAgent.LocalCluster;
using StandbyAgent.Protocol;
using StandbyAgent.Protocol.Replication;
using StandbyAgent.Testing;
using StandbyAgent.Tests.Faults.Support;
using StandbyAgent.Tests.Run.Support;
using StandbyAgent.Tests.Support;

namespace StandbyAgent.Tests.Faults;

/// <summary>
/// The standby's pg_wal on a small ext4 file system of its own that fills up while the agent is
/// in the middle of a segment (reliability.md F1, F2, F10, I1; walmethods.c's pre-padding): a
/// clear out-of-space error, retried; no flush reported beyond what is on disk; streaming resumes
/// by itself once space is freed; no short or half-made segment left behind, so a kill -9 and a
/// power cut after all that still leave a directory the agent restarts from.
/// </summary>
[Collection(PostgresFixture.CollectionName)]
public sealed class DiskFullTests(FaultPrimaryFixture own) : IClassFixture<FaultPrimaryFixture>
{
    private const string Slot = "disk_full";
    private const int SegmentSize = FaultPrimaryFixture.SegmentSize;
    private const string OutOfSpace = "No space left on device";
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(2);

    private LocalPostgresContainer Primary => own.Primary;

    [Fact]
    public async Task A_full_disk_stops_the_stream_with_a_clear_error_and_it_resumes_by_itself_once_space_is_freed()
    {
        await using IAsyncDisposable keep = await Primary.HoldWalAsync("keep_disk_full");
        await using StandbyOnOwnDisk standby = await StandbyOnOwnDisk.CreateAsync(Primary.Cluster, diskMegabytes: 24, ("primary_slot_name", Slot));
        Lsn start = standby.Start;
        var agents = new List<AgentProcess> { standby.StartAgent("--Receiver:CreateSlot=true") };
        try
        {
            await Primary.WaitForFlushAsync(Slot, await Primary.GenerateWalAsync(2L * SegmentSize, writers: 1), agents[0], s_timeout);

            standby.Disk.FillUp();
            await Primary.GenerateWalAsync(3L * SegmentSize, writers: 1);
            await Eventually.TrueAsync(
                () => Occurrences(agents[0].StandardError, OutOfSpace) >= 2 || agents[0].HasExited,
                s_timeout,
                () => $"the agent did not run out of space twice; its log:\n{agents[0].StandardError}");

            Assert.False(agents[0].HasExited, agents[0].StandardError);
            Assert.Contains("(storage_error)", agents[0].StandardError, StringComparison.Ordinal);
            Assert.DoesNotContain("needs an operator", agents[0].StandardError, StringComparison.Ordinal);
            await AssertReportedFlushIsOnDiskAsync(standby, start, agents[0]);
            AssertNoShortOrHalfMadeSegment(standby.PgWal);

            File.Delete(Path.Combine(standby.Disk.MountPoint, "filler"));
            Lsn end = await Primary.SwitchWalAsync();
            await Primary.WaitForFlushAsync(Slot, end, agents[0], s_timeout);

            // What the full disk left must not stop a restart, even after a crash and a power cut.
            agents[0].Crash();
            await Eventually.TrueAsync(async () => !await Primary.SlotIsActiveAsync(Slot), s_timeout, () => "the walsender outlived the agent");
            standby.Disk.CutPower();
            await AssertReportedFlushIsOnDiskAsync(standby, start, agents[0]);
            agents.Add(standby.StartAgent());
            await Primary.GenerateWalAsync(SegmentSize / 2, writers: 1);
            end = await Primary.SwitchWalAsync();
            await Primary.WaitForFlushAsync(Slot, end, agents[^1], s_timeout);
            agents[^1].Terminate();
            Assert.Equal(0, await agents[^1].WaitForExitAsync(TimeSpan.FromSeconds(30)));

            AssertNoShortOrHalfMadeSegment(standby.PgWal);
            WalComparisonResult comparison = CompletedSegments.CompareWith(standby.PgWal, Primary.WalDirectory);
            Assert.True(comparison.AllIdentical, comparison.ToString());
            Assert.Equal(WalFileName.SegmentNumber(new Lsn(end.Value - 1), SegmentSize) - WalFileName.SegmentNumber(start, SegmentSize) + 1, (ulong)comparison.Compared);
        }
        finally
        {
            foreach (AgentProcess agent in agents)
            {
                await agent.DisposeAsync();
            }

            await Primary.DropSlotAsync(Slot);
        }
    }

    /// <summary>The slot's restart_lsn is the last flush the agent reported: every byte before it is on the disk and the primary's.</summary>
    private async Task AssertReportedFlushIsOnDiskAsync(StandbyOnOwnDisk standby, Lsn start, AgentProcess agent)
    {
        Lsn reported = (await Primary.SlotRestartLsnAsync(Slot))!.Value;
        string? loss = ReceivedWal.FindLoss(standby.PgWal, Primary.WalDirectory, 1, SegmentSize, start, reported);
        Assert.True(loss is null, $"{loss}\nthe agent's log:\n{agent.StandardError}");
    }

    /// <summary>Every segment-named file is a whole segment, and no temporary file is left.</summary>
    private static void AssertNoShortOrHalfMadeSegment(string pgWal)
    {
        foreach (string path in Directory.EnumerateFiles(pgWal))
        {
            string name = Path.GetFileName(path);
            Assert.False(name.EndsWith(".tmp", StringComparison.Ordinal), $"{name} was left behind");
            if (WalFileName.TryParseSegment(name, SegmentSize, out _, out _, out _))
            {
                Assert.True(new FileInfo(path).Length == SegmentSize, $"{name} has {new FileInfo(path).Length} bytes");
            }
        }
    }

    private static int Occurrences(string text, string value) => text.Split(value).Length - 1;
}
