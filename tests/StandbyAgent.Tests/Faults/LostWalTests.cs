using System.Text.RegularExpressions;
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
/// The primary no longer has the WAL the agent needs next (reliability.md C3, C4, I9;
/// 019_replslot_limit.pl): its slot was invalidated by max_slot_wal_keep_size while the agent was
/// frozen, or, without a slot, checkpoints removed it while the agent was down. Either way a clear
/// error saying what an operator must do, retried, and never a stream resumed further on: the WAL
/// the agent holds ends where the primary's history left it, without a gap.
/// </summary>
[Collection(PostgresFixture.CollectionName)]
public sealed partial class LostWalTests(LostWalTests.SmallSlotLimitPrimary own) : IClassFixture<LostWalTests.SmallSlotLimitPrimary>
{
    private const int SegmentSize = FaultPrimaryFixture.SegmentSize;
    private const string Rebuild = "Streaming cannot fill the gap: rebuild the standby from a new base backup";
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(2);

    private LocalPostgresContainer Primary => own.Primary;

    [Fact]
    public async Task A_slot_invalidated_while_the_agent_was_frozen_is_reported_and_no_gap_is_written()
    {
        const string Slot = "lost_frozen";
        await using LocalPostgresCluster standby = await BaseBackup.TakeAsync(Primary.Cluster, "-R");
        ConfigText.Append(Path.Combine(standby.DataDirectory, "postgresql.auto.conf"), ("primary_slot_name", Slot));
        string pgWal = Path.Combine(standby.DataDirectory, "pg_wal");
        try
        {
            await using AgentProcess agent = RunAgent.Start(standby.DataDirectory, "--Receiver:CreateSlot=true");
            await Primary.WaitForFlushAsync(Slot, await Primary.GenerateWalAsync(SegmentSize, writers: 1), agent, s_timeout);
            using (ProcessFreezer.Freeze(agent.Id))
            {
                await LoseSlotAsync(Slot);
            }

            await Eventually.TrueAsync(
                () => Occurrences(agent.StandardError, $"needs an operator: replication slot \"{Slot}\" has been invalidated by the primary") >= 2 || agent.HasExited,
                s_timeout,
                () => $"no second clear error; the agent's log:\n{agent.StandardError}");

            Assert.False(agent.HasExited, agent.StandardError);
            Assert.Contains(Rebuild, agent.StandardError, StringComparison.Ordinal);
            await AssertWalEndsWithoutGapAsync(pgWal, BaseBackup.LabelOf(standby).StartLocation, agent);
            agent.Terminate();
            Assert.Equal(0, await agent.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        }
        finally
        {
            await Primary.DropSlotAsync(Slot);
        }
    }

    [Fact]
    public async Task WAL_removed_by_checkpoints_while_an_agent_without_slot_was_down_is_reported_and_nothing_is_written()
    {
        await using LocalPostgresCluster standby = await BaseBackup.TakeAsync(Primary.Cluster, "-R");
        string pgWal = Path.Combine(standby.DataDirectory, "pg_wal");
        await using (AgentProcess first = RunAgent.Start(standby.DataDirectory))
        {
            await first.WaitForCompletedSegmentAsync(pgWal, s_timeout);
            first.Terminate();
            Assert.Equal(0, await first.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        }

        await RemoveOldWalAsync();
        string before = DirectorySnapshot.Describe(pgWal);
        await using AgentProcess agent = RunAgent.Start(standby.DataDirectory);
        await Eventually.TrueAsync(
            () => Occurrences(agent.StandardError, "needs an operator: the primary has already removed WAL this standby needs") >= 2 || agent.HasExited,
            s_timeout,
            () => $"no second clear error; the agent's log:\n{agent.StandardError}");

        Assert.False(agent.HasExited, agent.StandardError);
        Assert.Contains("has already been removed", agent.StandardError, StringComparison.Ordinal);
        Assert.Contains($"{Rebuild}, and give it a replication slot (primary_slot_name)", agent.StandardError, StringComparison.Ordinal);
        Assert.Equal(before, DirectorySnapshot.Describe(pgWal));
        agent.Terminate();
        Assert.Equal(0, await agent.WaitForExitAsync(TimeSpan.FromSeconds(30)));
    }

    /// <summary>More WAL than max_slot_wal_keep_size, then checkpoints, until the primary has given up the slot.</summary>
    private async Task LoseSlotAsync(string slot)
    {
        await Eventually.TrueAsync(
            async () =>
            {
                await RemoveOldWalAsync();
                return await Primary.QueryAsync($"SELECT wal_status FROM pg_replication_slots WHERE slot_name = '{slot}'") is "lost";
            },
            s_timeout,
            () => $"the primary did not invalidate slot {slot}");
    }

    /// <summary>Segments' worth of WAL and two checkpoints: what no slot holds is removed or recycled.</summary>
    private async Task RemoveOldWalAsync()
    {
        for (int i = 0; i < 2; i++)
        {
            await Primary.GenerateWalAsync(4L * SegmentSize, writers: 1);
            await Primary.SwitchWalAsync();
            await Primary.CheckpointAsync();
        }
    }

    /// <summary>
    /// The segments run from the start without a hole, and pg_waldump reads their records in one
    /// chain (each record's link to the one before and each page's address are checked) into the
    /// newest of them: WAL that did not continue where the last left off would break the chain
    /// in an older segment.
    /// </summary>
    private static async Task AssertWalEndsWithoutGapAsync(string pgWal, Lsn start, AgentProcess agent)
    {
        ulong[] segments = [.. Directory.EnumerateFiles(pgWal)
            .Select(path => WalFileName.TryParseSegment(Path.GetFileName(path), SegmentSize, out _, out ulong segment, out _) ? segment : ulong.MaxValue)
            .Where(segment => segment != ulong.MaxValue)
            .Order()];
        ulong first = WalFileName.SegmentNumber(start, SegmentSize);
        Assert.True(
            segments.Length > 0 && segments.SequenceEqual(Enumerable.Range(0, segments.Length).Select(i => first + (ulong)i)),
            $"the segments do not run from {WalFileName.Segment(1, first, SegmentSize)} without a hole: {string.Join(", ", segments.Select(segment => WalFileName.Segment(1, segment, SegmentSize)))}\nthe agent's log:\n{agent.StandardError}");

        ToolResult dump = await PgWalDump.RunAsync(pgWal, start, end: null);
        Match endOfWal = EndOfValidWal().Match(dump.StandardError);
        Match missingFile = MissingFile().Match(dump.StandardError);
        bool chainReachesNewest =
            (endOfWal.Success && WalFileName.SegmentNumber(Lsn.Parse(endOfWal.Groups["lsn"].Value), SegmentSize) == segments[^1])
            || (missingFile.Success && WalFileName.TryParseSegment(missingFile.Groups["name"].Value, SegmentSize, out _, out ulong missing, out _) && missing == segments[^1] + 1);
        Assert.True(chainReachesNewest, $"pg_waldump did not read the WAL in one chain into the newest segment {WalFileName.Segment(1, segments[^1], SegmentSize)}: {dump.StandardError}");
    }

    [GeneratedRegex(@"invalid record length at (?<lsn>[0-9A-F]+/[0-9A-F]+)")]
    private static partial Regex EndOfValidWal();

    [GeneratedRegex("could not find file \"(?<name>[0-9A-F]{24})\"")]
    private static partial Regex MissingFile();

    private static int Occurrences(string text, string value) => text.Split(value).Length - 1;

    /// <summary>A primary that gives up a slot holding more than 4 MB of WAL.</summary>
    public sealed class SmallSlotLimitPrimary() : FaultPrimaryFixture(new Dictionary<string, string> { ["max_slot_wal_keep_size"] = "4MB" });
}
