using StandbyAgent.LocalCluster;
using StandbyAgent.Testing;
using StandbyAgent.Tests.Run.Support;
using StandbyAgent.Tests.Support;

namespace StandbyAgent.Tests.Run;

/// <summary>
/// primary_slot_name when the slot cannot be used: missing (and not to be created), or
/// invalidated by the primary's max_slot_wal_keep_size. Either way a clear error saying what to
/// do, retried all the same, and not a byte written.
/// </summary>
[Collection(PostgresFixture.CollectionName)]
public sealed class SlotTests(SlotTests.SmallSlotLimitPrimary own) : IClassFixture<SlotTests.SmallSlotLimitPrimary>
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(2);

    private LocalPostgresContainer Primary => own.Primary;

    [Fact]
    public async Task A_missing_slot_is_an_error_that_says_how_to_create_it_unless_the_agent_may_create_it()
    {
        await using LocalPostgresCluster standby = await BaseBackup.TakeAsync(Primary.Cluster, "-R");
        ConfigText.Append(Path.Combine(standby.DataDirectory, "postgresql.auto.conf"), ("primary_slot_name", "run_missing"));
        string pgWal = Path.Combine(standby.DataDirectory, "pg_wal");

        await using AgentProcess agent = RunAgent.Start(standby.DataDirectory);
        const string Expected = "needs an operator: replication slot \"run_missing\" does not exist: create it on the server first (SELECT pg_create_physical_replication_slot('run_missing', true))";
        await Eventually.TrueAsync(() => agent.StandardError.Split(Expected).Length > 2 || agent.HasExited, s_timeout, () => $"no second refusal; agent log:\n{agent.StandardError}");

        Assert.False(agent.HasExited);
        Assert.Empty(WalFiles(pgWal));
        agent.Terminate();
        Assert.Equal(0, await agent.WaitForExitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task A_slot_the_primary_invalidated_is_reported_as_such_with_what_to_do()
    {
        await Primary.QueryAsync("SELECT pg_create_physical_replication_slot('run_invalidated', true)");
        try
        {
            await using LocalPostgresCluster standby = await BaseBackup.TakeAsync(Primary.Cluster, "-R");
            ConfigText.Append(Path.Combine(standby.DataDirectory, "postgresql.auto.conf"), ("primary_slot_name", "run_invalidated"));

            // Far more WAL than max_slot_wal_keep_size, and checkpoints: the slot is lost, with the WAL the backup needs.
            for (int i = 0; i < 2; i++)
            {
                await Primary.GenerateWalAsync(48L * 1024 * 1024, writers: 2);
                await Primary.SwitchWalAsync();
                await Primary.CheckpointAsync();
            }

            Assert.Equal("lost", await Primary.QueryAsync("SELECT wal_status FROM pg_replication_slots WHERE slot_name = 'run_invalidated'"));
            await using AgentProcess agent = RunAgent.Start(standby.DataDirectory);
            await Eventually.TrueAsync(
                () => agent.StandardError.Contains("needs an operator: replication slot \"run_invalidated\" has been invalidated by the primary", StringComparison.Ordinal) || agent.HasExited,
                s_timeout,
                () => $"no clear error; agent log:\n{agent.StandardError}");

            Assert.False(agent.HasExited, $"the agent gave up instead of retrying; its log:\n{agent.StandardError}");
            Assert.Contains("has already been removed", agent.StandardError, StringComparison.Ordinal);
            Assert.Contains("rebuild the standby from a new base backup, then drop and recreate the slot", agent.StandardError, StringComparison.Ordinal);
            Assert.Empty(WalFiles(Path.Combine(standby.DataDirectory, "pg_wal")));
            agent.Terminate();
            Assert.Equal(0, await agent.WaitForExitAsync(TimeSpan.FromSeconds(10)));
        }
        finally
        {
            await Primary.DropSlotAsync("run_invalidated");
        }
    }

    /// <summary>Segments and history files: what the agent would have written.</summary>
    private static IEnumerable<string> WalFiles(string pgWal) =>
        Directory.EnumerateFiles(pgWal).Select(Path.GetFileName).OfType<string>().Where(name => name.Length >= 16 && name[..8].All(char.IsAsciiHexDigit));

    /// <summary>A primary that invalidates a slot holding more than two segments of WAL.</summary>
    public sealed class SmallSlotLimitPrimary : IAsyncLifetime
    {
        public LocalPostgresContainer Primary { get; } = new(new LocalClusterOptions
        {
            WalSegmentSizeMb = PostgresFixture.WalSegmentSizeMb,
            Settings = new Dictionary<string, string> { ["max_slot_wal_keep_size"] = "32MB" },
        });

        public Task InitializeAsync() => Primary.StartAsync();

        public async Task DisposeAsync() => await Primary.DisposeAsync();
    }
}
