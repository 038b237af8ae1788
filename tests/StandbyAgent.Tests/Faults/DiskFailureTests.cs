using System.Globalization;
using StandbyAgent.LocalCluster;
using StandbyAgent.Protocol;
using StandbyAgent.Testing;
using StandbyAgent.Testing.Faults;
using StandbyAgent.Tests.Faults.Support;
using StandbyAgent.Tests.Run.Support;
using StandbyAgent.Tests.Support;

namespace StandbyAgent.Tests.Faults;

/// <summary>
/// A disk that fails under <c>receive --synchronous</c> (reliability.md F2, F3, F4, I6, R8;
/// receivelog.c exits on a failed fsync; PostgreSQL's "PANIC on fsync() failure"). There is no
/// device-mapper here, so the failures are made two other ways: the ext4 file system is shut down
/// (from then on every write, fsync and rename fails with EIO, and what no fsync made durable is
/// lost, as with a dm-error target), or strace makes one fdatasync fail with EIO while the disk is
/// fine (dm-flakey's single failure: an fsync tried again would now succeed, the trap Linux sets
/// by marking the failed pages clean). Either way the agent stops with a clear error, strace shows
/// that it never called fsync again on a descriptor whose fsync failed, no flush was reported
/// beyond what successful fsyncs covered, and a restart streams the lost part again.
/// </summary>
[Collection(PostgresFixture.CollectionName)]
public sealed class DiskFailureTests(FaultPrimaryFixture own) : IClassFixture<FaultPrimaryFixture>
{
    private const int SegmentSize = FaultPrimaryFixture.SegmentSize;
    private const string ErrorPrefix = "standby-agent: error: ";
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(2);

    /// <summary>The 20th fdatasync comes within a couple of seconds of streaming; the agent must be gone soon after.</summary>
    private static readonly TimeSpan s_exitTimeout = TimeSpan.FromSeconds(30);

    public enum DiskFault
    {
        /// <summary>EXT4_IOC_SHUTDOWN, without flushing the journal, in the middle of the stream.</summary>
        FileSystemShutDown,

        /// <summary>The 20th fdatasync of a thread (the durability thread's) fails with EIO; the disk is fine.</summary>
        OneFdatasyncFails,
    }

    private LocalPostgresContainer Primary => own.Primary;

    [Theory]
    [InlineData(DiskFault.FileSystemShutDown)]
    [InlineData(DiskFault.OneFdatasyncFails)]
    public async Task A_failed_write_or_fsync_stops_the_agent_which_neither_retries_the_fsync_nor_reports_the_wal_flushed(DiskFault fault)
    {
        string slot = "disk_" + fault.ToString().ToLowerInvariant();

        // The slots then start from here, not from WAL the other case streamed.
        await Primary.CheckpointAsync();
        await using IAsyncDisposable keep = await Primary.HoldWalAsync("keep_" + slot);
        await Primary.QueryAsync($"SELECT pg_create_physical_replication_slot('{slot}', true)");
        Lsn start = (await Primary.SlotRestartLsnAsync(slot))!.Value;
        using var disk = MountedFileSystem.LoopExt4(megabytes: 64);
        string wal = disk.CreateDirectory("wal");
        using var stopLoad = new CancellationTokenSource();
        Task load = Primary.GenerateWalUntilCancelledAsync(2L * SegmentSize, writer: 100, stopLoad.Token);
        try
        {
            SyscallLog calls;
            int? exitCode;
            string log;
            await using (AgentProcess agent = StartAgent(wal, slot))
            {
                await using SyscallTrace trace = await SyscallTrace.AttachAsync(agent.Id, fault == DiskFault.OneFdatasyncFails ? "fdatasync:error=EIO:when=20" : null);
                if (fault == DiskFault.FileSystemShutDown)
                {
                    await Primary.WaitForFlushAsync(slot, start + SegmentSize, agent, s_timeout);
                    disk.ShutDown();
                }

                exitCode = await ExitCodeWithinAsync(agent, s_exitTimeout);
                calls = await trace.ReadAfterExitAsync(s_timeout);
                log = agent.StandardError;
            }

            IReadOnlyList<string> retries = calls.SyncRetries();
            Assert.True(retries.Count == 0, $"fsync was called again on a descriptor whose fsync had failed:\n{string.Join('\n', retries)}");
            Assert.True(exitCode == 1, $"the agent went on (exit code {exitCode?.ToString(CultureInfo.InvariantCulture) ?? "none"}) after a failed write or fsync; its log:\n{log}");
            string error = Assert.Single(log.Split('\n'), line => line.StartsWith(ErrorPrefix, StringComparison.Ordinal));
            Assert.Contains("Input/output error", error, StringComparison.Ordinal);
            Assert.NotEmpty(calls.FailedWith("EIO"));
            await Eventually.TrueAsync(async () => !await Primary.SlotIsActiveAsync(slot), s_timeout, () => "the walsender outlived the agent");
            Lsn reported = (await Primary.SlotRestartLsnAsync(slot))!.Value;
            if (fault == DiskFault.FileSystemShutDown)
            {
                // What a reboot finds: only what fsyncs made durable before the disk died.
                disk.Remount();
                string? loss = ReceivedWal.FindLoss(wal, Primary.WalDirectory, 1, SegmentSize, start, reported);
                Assert.True(loss is null, $"{loss}\nthe agent's log:\n{log}");
            }
            else
            {
                Assert.Contains("fdatasync", error, StringComparison.Ordinal);
                Syscall injected = Assert.Single(calls.Calls, call => call.Injected);
                Lsn durable = Lsn.Max(start, calls.DurableEnd(SegmentSize));
                Assert.True(reported <= durable, $"the agent reported {reported} flushed, but its successful fsyncs covered WAL up to {durable} only; the failed one: {injected.Line}");
            }

            // Started again, it streams what was lost from the last durable point on.
            await using AgentProcess again = StartAgent(wal, slot);
            await stopLoad.CancelAsync();
            await load;
            Lsn end = await Primary.SwitchWalAsync();
            await Primary.WaitForFlushAsync(slot, end, again, s_timeout);
            again.Terminate();
            Assert.Equal(0, await again.WaitForExitAsync(TimeSpan.FromSeconds(30)));
            string? gap = ReceivedWal.FindLoss(wal, Primary.WalDirectory, 1, SegmentSize, start, end);
            Assert.True(gap is null, gap);
            WalComparisonResult comparison = WalDirectoryComparison.Compare(wal, Primary.WalDirectory);
            Assert.True(comparison.AllIdentical && comparison.Compared > 1, comparison.ToString());
        }
        finally
        {
            await stopLoad.CancelAsync();
            await load;
            await Primary.DropSlotAsync(slot);
        }
    }

    /// <returns>The exit code, or null when it is still running after <paramref name="timeout"/> and has been killed.</returns>
    private static async Task<int?> ExitCodeWithinAsync(AgentProcess agent, TimeSpan timeout)
    {
        try
        {
            return await agent.WaitForExitAsync(timeout);
        }
        catch (TimeoutException)
        {
            agent.Crash();
            return null;
        }
    }

    private AgentProcess StartAgent(string wal, string slot) =>
        AgentProcess.Start(["receive", "--directory", wal, "--slot", slot, "--synchronous", "--dbname", Primary.GetConnInfo(TestUsers.Replicator.Name)]);
}
