using System.Buffers;
using System.Diagnostics.Metrics;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using StandbyAgent.Metrics;
using StandbyAgent.Replication.Streaming;

namespace StandbyAgent.Benchmarks;

/// <summary>
/// One scrape on the agent's side, without HTTP: every instrument observed, the exposition
/// written into the exporter's buffer and copied out, as the response copies it. In-process, so
/// the benchmark does not rebuild the projects into their source folders.
/// </summary>
[MemoryDiagnoser]
[InProcess]
public class ScrapeBenchmarks
{
    private static readonly ReadOnlySpanAction<byte, byte[]> s_copy = static (exposition, response) => exposition.CopyTo(response);

    private readonly byte[] _response = new byte[64 * 1024];
    private ServiceProvider? _services;
    private AgentMetrics? _metrics;
    private PrometheusExporter? _exporter;

    [GlobalSetup]
    public void Setup()
    {
        ReceiverStatus status = BusyReceiver.Create();
        _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        _metrics = new AgentMetrics(_services.GetRequiredService<IMeterFactory>(), status, TimeProvider.System);
        _exporter = new PrometheusExporter(_metrics.Meter);
        BusyReceiver.RecordFsyncs(status);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _exporter?.Dispose();
        _metrics?.Dispose();
        _services?.Dispose();
    }

    [Benchmark]
    public void Scrape() => _exporter!.Scrape(s_copy, _response);
}
