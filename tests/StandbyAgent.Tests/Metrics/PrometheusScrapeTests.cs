using System.Globalization;
using StandbyAgent.Testing;
using StandbyAgent.Tests.Support;

namespace StandbyAgent.Tests.Metrics;

/// <summary>
/// A real Prometheus scraping <c>standby-agent receive</c> while it streams from a real primary
/// under write load, asked through its HTTP query API what it saw.
/// </summary>
[Collection(PostgresFixture.CollectionName)]
public sealed class PrometheusScrapeTests(PostgresFixture postgres)
{
    private const string Slot = "metrics_scrape_test";
    private const long LoadStepBytes = 16L * 1024 * 1024;
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);
    private static readonly string s_rules = Path.Combine(AppContext.BaseDirectory, "deploy", "prometheus", "standby-agent-rules.yml");

    private IPostgresContainer Primary => postgres.Container;

    [Fact]
    public async Task Prometheus_sees_lag_rise_under_load_and_return_to_zero_and_the_flushed_lsn_the_primary_reports()
    {
        string connInfo = Primary.GetConnInfo(TestUsers.Replicator.Name);
        (int created, string createError) = await AgentProcess.RunAsync(["receive", "--dbname", connInfo, "--slot", Slot, "--create-slot"], s_timeout);
        Assert.True(created == 0, createError);
        try
        {
            using var directory = new TempDirectory();

            // With a slot and --synchronous the agent fsyncs every batch and reports the flush at once,
            // as a standby does; pg_stat_replication then shows it as flush_lsn.
            await using AgentProcess agent = AgentProcess.Start(
                ["receive", "--directory", directory.Path, "--dbname", connInfo, "--slot", Slot, "--synchronous", "--status-interval", "1", .. AgentEndpoint.Arguments]);
            using AgentEndpoint endpoint = await AgentEndpoint.FindAsync(agent);
            await using PrometheusServer prometheus = await PrometheusServer.StartAsync(endpoint.Address, s_rules);
            await Eventually.TrueAsync(
                async () => await prometheus.ValueAsync("""standby_agent_state{state="streaming"}""") == 1,
                s_timeout,
                () => $"Prometheus never saw the agent streaming; agent stderr: {agent.StandardError}");

            // Load without pauses: the agent keeps up so closely that a pause between batches of
            // writes would let a scrape find it caught up.
            DateTimeOffset loadStarted = DateTimeOffset.UtcNow;
            double lagUnderLoad = 0;
            using (var stopLoad = new CancellationTokenSource())
            {
                Task load = WriteUntilStoppedAsync(stopLoad.Token);
                await Eventually.TrueAsync(
                    async () => load.IsCompleted
                        || (lagUnderLoad = await prometheus.ValueAsync($"max_over_time(standby_agent_lag_bytes[{Since(loadStarted)}])") ?? 0) > 0,
                    s_timeout,
                    () => $"Prometheus never saw lag under load; agent stderr: {agent.StandardError}");
                await stopLoad.CancelAsync();
                await load;
            }

            DateTimeOffset loadStopped = DateTimeOffset.UtcNow;

            await Eventually.TrueAsync(
                async () => DateTimeOffset.UtcNow > loadStopped.AddSeconds(2)
                    && await prometheus.ValueAsync("max_over_time(standby_agent_lag_bytes[2s])") == 0,
                s_timeout,
                () => "lag did not come back to 0 after the load stopped");

            (long Exported, long PrimaryFlush, long PrimaryCurrent) quiet = default;
            await Eventually.TrueAsync(
                async () =>
                {
                    quiet = (
                        (long)(await prometheus.ValueAsync("standby_agent_flushed_lsn") ?? -1),
                        await ScalarAsync($"SELECT (r.flush_lsn - '0/0')::bigint FROM pg_stat_replication r JOIN pg_replication_slots s ON s.active_pid = r.pid WHERE s.slot_name = '{Slot}'"),
                        await ScalarAsync("SELECT (pg_current_wal_lsn() - '0/0')::bigint"));
                    return quiet.Exported == quiet.PrimaryFlush && quiet.PrimaryFlush == quiet.PrimaryCurrent;
                },
                s_timeout,
                () => $"at no quiet point did the exported flushed LSN equal the primary's: {quiet}");

            Assert.True(lagUnderLoad > 0);
            string exposition = await endpoint.ScrapeAsync();
            Assert.DoesNotContain(TestUsers.Replicator.Password!, exposition, StringComparison.Ordinal);
            Assert.Contains($"slot=\"{Slot}\",transport=\"tcp\",sender_host=\"{Primary.Hostname}\",sender_port=\"{Primary.Port}\"}} 1", exposition, StringComparison.Ordinal);
            agent.Terminate();
            Assert.Equal(0, await agent.WaitForExitAsync(TimeSpan.FromSeconds(10)));
            Assert.DoesNotContain(TestUsers.Replicator.Password!, agent.StandardError, StringComparison.Ordinal);
        }
        finally
        {
            await DropSlotAsync();
        }
    }

    private async Task WriteUntilStoppedAsync(CancellationToken stop)
    {
        try
        {
            while (true)
            {
                await Primary.GenerateWalAsync(LoadStepBytes, writers: 4, stop);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    /// <summary>A range selector reaching back to <paramref name="start"/>, in whole seconds.</summary>
    private static string Since(DateTimeOffset start) =>
        string.Create(CultureInfo.InvariantCulture, $"{(int)Math.Ceiling((DateTimeOffset.UtcNow - start).TotalSeconds) + 1}s");

    private async Task<long> ScalarAsync(string sql) => await Primary.QueryAsync(sql) is long value ? value : -1;

    /// <summary>The walsender of a killed agent may take a moment to let the slot go.</summary>
    private Task DropSlotAsync() =>
        Eventually.TrueAsync(
            async () => await Primary.QueryAsync($"SELECT count(pg_drop_replication_slot(slot_name)) FROM pg_replication_slots WHERE slot_name = '{Slot}' AND NOT active") is 1L
                || await Primary.QueryAsync($"SELECT count(*) FROM pg_replication_slots WHERE slot_name = '{Slot}'") is 0L,
            s_timeout,
            () => $"slot {Slot} was never released");
}
