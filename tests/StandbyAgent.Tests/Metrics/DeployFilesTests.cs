using System.Text.Json;
using System.Text.RegularExpressions;
using StandbyAgent.Replication.Streaming;
using StandbyAgent.Tests.Support;

namespace StandbyAgent.Tests.Metrics;

/// <summary>deploy/prometheus and deploy/grafana, as shipped: valid for promtool, and about metrics the agent has.</summary>
public sealed partial class DeployFilesTests
{
    private static readonly string s_prometheus = Path.Combine(AppContext.BaseDirectory, "deploy", "prometheus");
    private static readonly string s_rules = Path.Combine(s_prometheus, "standby-agent-rules.yml");
    private static readonly string s_dashboard = Path.Combine(AppContext.BaseDirectory, "deploy", "grafana", "standby-agent-dashboard.json");

    [Fact]
    public async Task Promtool_checks_the_alerting_rules()
    {
        (int exitCode, string output) = await Promtool.RunAsync("check", "rules", s_rules);

        Assert.True(exitCode == 0, output);
        Assert.Contains("SUCCESS: 6 rules found", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_alerting_rules_pass_their_promtool_unit_tests()
    {
        (int exitCode, string output) = await Promtool.RunAsync("test", "rules", Path.Combine(s_prometheus, "standby-agent-rules.test.yml"));

        Assert.True(exitCode == 0, output);
    }

    [Fact]
    public async Task Promtool_checks_the_example_scrape_configuration_and_the_rules_it_loads()
    {
        (int exitCode, string output) = await Promtool.RunAsync("check", "config", Path.Combine(s_prometheus, "prometheus.yml"));

        Assert.True(exitCode == 0, output);
        Assert.Contains("SUCCESS: 1 rule files found", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_dashboard_query_is_valid_PromQL()
    {
        // promtool parses recording rules without a server: each query becomes one, with the
        // dashboard's variables replaced by what Grafana would put there.
        using var directory = new TempDirectory();
        string[] queries = DashboardQueries().ToArray();
        string rules = "groups:\n  - name: dashboard\n    rules:\n" + string.Concat(queries.Select((query, i) =>
            $"      - record: dashboard:query_{i}\n        expr: {JsonSerializer.Serialize(query.Replace("$instance", ".*", StringComparison.Ordinal).Replace("$__rate_interval", "1m", StringComparison.Ordinal))}\n"));
        string file = Path.Combine(directory.Path, "dashboard-queries.yml");
        await File.WriteAllTextAsync(file, rules);

        (int exitCode, string output) = await Promtool.RunAsync("check", "rules", file);

        Assert.True(exitCode == 0, output);
        Assert.Contains($"SUCCESS: {queries.Length} rules found", output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_rules_and_the_dashboard_name_only_metrics_the_agent_exports()
    {
        HashSet<string> exported = ExportedSeriesNames();
        string text = File.ReadAllText(s_rules) + File.ReadAllText(s_dashboard);

        string[] named = MetricName().Matches(text).Select(match => match.Value).Distinct().ToArray();

        Assert.Contains("standby_agent_lag_bytes", named);
        Assert.Contains("standby_agent_fsync_duration_seconds_bucket", named);
        Assert.All(named, name => Assert.Contains(name, exported));
    }

    /// <summary>Every family name, with the series names a histogram adds.</summary>
    private static HashSet<string> ExportedSeriesNames()
    {
        var status = new ReceiverStatus();
        status.Connected(new SenderInfo(1, "slot", "tcp", "host", 5432));
        using var exposition = new Exposition(status, TimeProvider.System);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match type in TypeLine().Matches(exposition.Scrape()))
        {
            string name = type.Groups["name"].Value;
            names.Add(name);
            if (type.Groups["type"].Value == "histogram")
            {
                names.UnionWith([name + "_bucket", name + "_sum", name + "_count"]);
            }
        }

        return names;
    }

    private static IEnumerable<string> DashboardQueries()
    {
        using JsonDocument dashboard = JsonDocument.Parse(File.ReadAllText(s_dashboard));
        return Expressions(dashboard.RootElement).ToArray();

        static IEnumerable<string> Expressions(JsonElement element) => element.ValueKind switch
        {
            JsonValueKind.Object => element.EnumerateObject().SelectMany(property =>
                property is { Name: "expr", Value.ValueKind: JsonValueKind.String } ? [property.Value.GetString()!] : Expressions(property.Value)),
            JsonValueKind.Array => element.EnumerateArray().SelectMany(Expressions),
            _ => [],
        };
    }

    [GeneratedRegex(@"\bstandby_agent_[a-z_]+\b")]
    private static partial Regex MetricName();

    [GeneratedRegex(@"^# TYPE (?<name>\S+) (?<type>\S+)$", RegexOptions.Multiline)]
    private static partial Regex TypeLine();
}
