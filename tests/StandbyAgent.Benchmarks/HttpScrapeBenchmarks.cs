using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StandbyAgent.Metrics;
using StandbyAgent.Replication.Streaming;

namespace StandbyAgent.Benchmarks;

/// <summary>
/// GET /metrics over loopback HTTP/1.1 with keep-alive, Kestrel and the client in one process:
/// time and allocations include the client's side too, so they bound the agent's from above.
/// </summary>
[MemoryDiagnoser]
[InProcess]
public class HttpScrapeBenchmarks
{
    private ServiceProvider? _services;
    private MetricsServer? _server;
    private HttpClient? _http;
    private Uri? _metrics;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        ReceiverStatus status = BusyReceiver.Create();
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection([new("Metrics:Listen", "127.0.0.1:0")]).Build();
        _services = new ServiceCollection()
            .AddSingleton(status)
            .AddSingleton(new WalReceiverOptions())
            .AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance)
            .AddAgentMetrics(configuration)
            .BuildServiceProvider();
        _server = _services.GetRequiredService<MetricsServer>();
        await _server.StartAsync(CancellationToken.None);
        BusyReceiver.RecordFsyncs(status);
        _http = new HttpClient();
        _metrics = new Uri(_server.Address + "/metrics");
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        _http?.Dispose();
        await _server!.StopAsync(CancellationToken.None);
        await _services!.DisposeAsync();
    }

    [Benchmark]
    public async Task HttpScrape()
    {
        using HttpResponseMessage response = await _http!.GetAsync(_metrics, HttpCompletionOption.ResponseHeadersRead);
        await response.Content.CopyToAsync(Stream.Null);
    }
}
