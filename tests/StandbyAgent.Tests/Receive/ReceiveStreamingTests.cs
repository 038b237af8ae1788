using StandbyAgent.Protocol;
using StandbyAgent.Protocol.Replication;
using StandbyAgent.Testing;
using StandbyAgent.Tests.Support;

namespace StandbyAgent.Tests.Receive;

/// <summary>
/// <c>standby-agent receive</c> against a real primary under concurrent write load: the completed
/// segments must be byte-identical to the primary's, and pg_waldump must read them.
/// </summary>
[Collection(PostgresFixture.CollectionName)]
public sealed class ReceiveStreamingTests(PostgresFixture postgres)
{
    private const int SegmentSize = PostgresFixture.WalSegmentSizeMb * 1024 * 1024;
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(2);

    private IPostgresContainer Primary => postgres.Container;

    [Fact]
    public async Task Sixty_four_megabytes_of_concurrent_writes_arrive_byte_identical_and_readable_by_pg_waldump()
    {
        using var directory = new TempDirectory();
        await using IAsyncDisposable keep = await Primary.HoldWalAsync("keep_streaming_test");
        Lsn start = await Primary.CurrentWalLsnAsync();
        await using AgentProcess agent = AgentProcess.Start(ReceiveArguments(directory, "--status-interval", "1"));
        await WaitUntilStreamingAsync(directory, agent);

        Lsn end = await Primary.GenerateWalAsync(64L * 1024 * 1024, writers: 4);
        await Primary.SwitchWalAsync();
        string lastSegment = WalFileName.Segment(1, WalFileName.SegmentNumber(end, SegmentSize), SegmentSize);
        await Eventually.TrueAsync(() => File.Exists(Path.Combine(directory.Path, lastSegment)) || agent.HasExited, s_timeout,
            () => $"segment {lastSegment} was not completed; files: {string.Join(", ", directory.FileNames)}; stderr: {agent.StandardError}");

        agent.Terminate();
        Assert.Equal(0, await agent.WaitForExitAsync(TimeSpan.FromSeconds(10)));
        WalComparisonResult comparison = WalDirectoryComparison.Compare(directory.Path, Primary.WalDirectory);
        Assert.True(comparison.AllIdentical, comparison.ToString());
        Assert.True(comparison.Compared >= 5, $"only {comparison.Compared} segments completed: {string.Join(", ", directory.FileNames)}");
        Assert.Contains(lastSegment, directory.FileNames);

        var dump = await PgWalDump.RunAsync(directory.Path, start, end);
        Assert.True(dump.Succeeded, $"pg_waldump failed: {dump.StandardError}");
        Assert.Contains("rmgr: Heap", dump.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_receiver_killed_in_the_middle_of_a_segment_resumes_and_the_result_is_byte_identical()
    {
        using var directory = new TempDirectory();
        await using IAsyncDisposable keep = await Primary.HoldWalAsync("keep_resume_test");
        await using (AgentProcess first = AgentProcess.Start(ReceiveArguments(directory)))
        {
            await WaitUntilStreamingAsync(directory, first);
            await Primary.GenerateWalAsync(40L * 1024 * 1024, writers: 2);
            await Eventually.TrueAsync(() => CompletedSegments(directory).Any() && PartialHasData(directory), s_timeout,
                () => $"no complete segment and partial with data yet: {string.Join(", ", directory.FileNames)}; stderr: {first.StandardError}");
            first.Crash();
        }

        string interrupted = directory.FileNames.Single(name => name.EndsWith(WalFileName.PartialSuffix, StringComparison.Ordinal))[..WalFileName.SegmentNameLength];
        Lsn end = await Primary.GenerateWalAsync(24L * 1024 * 1024, writers: 2);
        await Primary.SwitchWalAsync();
        await Primary.GenerateWalAsync(64 * 1024, writers: 1);
        (int exitCode, string stderr) = await AgentProcess.RunAsync(ReceiveArguments(directory, "--endpos", end.ToString(), "--no-loop"), s_timeout);

        Assert.True(exitCode == 0, stderr);
        Assert.Contains(interrupted, directory.FileNames);
        WalComparisonResult comparison = WalDirectoryComparison.Compare(directory.Path, Primary.WalDirectory);
        Assert.True(comparison.AllIdentical, comparison.ToString());
    }

    [Fact]
    public async Task A_sigterm_the_moment_streaming_begins_is_a_clean_stop_that_keeps_the_partial_segment()
    {
        // The first milliseconds of streaming were where System.CommandLine's own SIGTERM handler
        // could win and end the process with 143; each try stops one agent as early as it can.
        for (int attempt = 1; attempt <= 10; attempt++)
        {
            using var directory = new TempDirectory();
            await using AgentProcess agent = AgentProcess.Start(ReceiveArguments(directory));
            using var deadline = new CancellationTokenSource(s_timeout);
            while (!directory.FileNames.Any(name => name.EndsWith(WalFileName.PartialSuffix, StringComparison.Ordinal)) && !agent.HasExited)
            {
                await Task.Delay(1, deadline.Token);
            }

            agent.Terminate();
            int exitCode = await agent.WaitForExitAsync(TimeSpan.FromSeconds(20));

            Assert.True(exitCode == 0, $"attempt {attempt}: exit code {exitCode}; stderr: {agent.StandardError}");
            Assert.Contains(directory.FileNames, name => name.EndsWith(WalFileName.PartialSuffix, StringComparison.Ordinal));
        }
    }

    private string[] ReceiveArguments(TempDirectory directory, params string[] more) =>
        ["receive", "--directory", directory.Path, "--dbname", Primary.GetConnInfo(TestUsers.Replicator.Name), .. more];

    /// <summary>The agent starts at the server's position when it connects; load must come after that.</summary>
    private static Task WaitUntilStreamingAsync(TempDirectory directory, AgentProcess agent) =>
        Eventually.TrueAsync(
            () => directory.FileNames.Any(name => name.EndsWith(WalFileName.PartialSuffix, StringComparison.Ordinal)) || agent.HasExited,
            s_timeout,
            () => $"the agent did not start streaming; stderr: {agent.StandardError}");

    private static IEnumerable<string> CompletedSegments(TempDirectory directory) =>
        directory.FileNames.Where(name => name.Length == WalFileName.SegmentNameLength && WalFileName.TryParseSegment(name, SegmentSize, out _, out _, out _));

    /// <summary>True once the partial segment holds WAL beyond its first page.</summary>
    private static bool PartialHasData(TempDirectory directory)
    {
        string? partial = directory.FileNames.FirstOrDefault(name => name.EndsWith(WalFileName.PartialSuffix, StringComparison.Ordinal));
        if (partial is null)
        {
            return false;
        }

        using FileStream file = File.OpenRead(Path.Combine(directory.Path, partial));
        var probe = new byte[8192];
        file.Position = SegmentSize / 4;
        return file.Read(probe) == probe.Length && probe.Any(b => b != 0);
    }
}
