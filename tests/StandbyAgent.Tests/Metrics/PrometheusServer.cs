using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using StandbyAgent.Tests.Support;

namespace StandbyAgent.Tests.Metrics;

/// <summary>
/// A Prometheus server of the test's own (Debian's prometheus package), never the system's:
/// a free loopback port, its own configuration and storage directory, scraping one target every
/// second with the shipped alerting rules loaded. Killed on dispose.
/// </summary>
internal sealed partial class PrometheusServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly TempDirectory _directory;
    private readonly StringBuilder _log;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private string? _address;

    private PrometheusServer(Process process, TempDirectory directory, StringBuilder log)
    {
        _process = process;
        _directory = directory;
        _log = log;
    }

    private string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <param name="target">The agent's metrics address, <c>http://127.0.0.1:PORT</c>.</param>
    /// <param name="ruleFile">Loaded as Prometheus would load it in production: a broken file stops the start.</param>
    public static async Task<PrometheusServer> StartAsync(string target, string ruleFile)
    {
        var directory = new TempDirectory();
        string config = Path.Combine(directory.Path, "prometheus.yml");
        await File.WriteAllTextAsync(config, $"""
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
              evaluation_interval: 1s
            rule_files:
              - {ruleFile}
            scrape_configs:
              - job_name: standby-agent
                static_configs:
                  - targets: ['{new Uri(target).Authority}']
            """);
        var start = new ProcessStartInfo("prometheus") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in new[]
        {
            $"--config.file={config}", $"--storage.tsdb.path={Path.Combine(directory.Path, "data")}", "--web.listen-address=127.0.0.1:0",
        })
        {
            start.ArgumentList.Add(argument);
        }

        var log = new StringBuilder();
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(log, e.Data);
        process.ErrorDataReceived += (_, e) => Append(log, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new PrometheusServer(process, directory, log);
        try
        {
            await server.WaitUntilReadyAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>An instant query through the HTTP API: the value of each series, or none.</summary>
    public async Task<IReadOnlyList<double>> QueryAsync(string promql, DateTimeOffset? at = null)
    {
        string url = $"{_address}/api/v1/query?query={Uri.EscapeDataString(promql)}";
        if (at is { } time)
        {
            url += "&time=" + (time.ToUnixTimeMilliseconds() / 1000.0).ToString(CultureInfo.InvariantCulture);
        }

        using HttpResponseMessage response = await _http.GetAsync(url);
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"query {promql}: {response.StatusCode} {body}");
        using JsonDocument answer = JsonDocument.Parse(body);
        return answer.RootElement.GetProperty("data").GetProperty("result").EnumerateArray()
            .Select(series => double.Parse(series.GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture))
            .ToArray();
    }

    /// <summary>The one series a query selects; null while there is none.</summary>
    public async Task<double?> ValueAsync(string promql, DateTimeOffset? at = null) =>
        await QueryAsync(promql, at) is [double value] ? value : null;

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        _directory.Dispose();
    }

    private async Task WaitUntilReadyAsync()
    {
        await Eventually.TrueAsync(
            async () =>
            {
                if (_address is null && ListeningOn().Match(Log) is { Success: true } listening)
                {
                    _address = "http://" + listening.Groups["address"].Value;
                }

                return _process.HasExited || (_address is not null && await IsReadyAsync());
            },
            TimeSpan.FromSeconds(30),
            () => $"prometheus did not become ready; its log:\n{Log}");
        if (_process.HasExited)
        {
            Assert.Fail($"prometheus exited with {_process.ExitCode}; its log:\n{Log}");
        }
    }

    private async Task<bool> IsReadyAsync()
    {
        try
        {
            using HttpResponseMessage ready = await _http.GetAsync(_address + "/-/ready");
            return ready.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private static void Append(StringBuilder log, string? line)
    {
        if (line is not null)
        {
            lock (log)
            {
                log.AppendLine(line);
            }
        }
    }

    /// <summary>Prometheus logs the port it bound, so port 0 can be asked for.</summary>
    [GeneratedRegex("""msg="Listening on" address=(?<address>\S+)""")]
    private static partial Regex ListeningOn();
}
