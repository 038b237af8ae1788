using System.Diagnostics.Metrics;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using StandbyAgent.Metrics;
using StandbyAgent.Replication.Streaming;

namespace StandbyAgent.Tests.Metrics;

/// <summary>Scrapes without a network: the agent's instruments over a status, exported to text.</summary>
internal sealed class Exposition : IDisposable
{
    private readonly ServiceProvider _services;
    private readonly AgentMetrics _metrics;
    private readonly PrometheusExporter _exporter;

    public Exposition(ReceiverStatus status, TimeProvider time)
    {
        _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        _metrics = new AgentMetrics(_services.GetRequiredService<IMeterFactory>(), status, time);
        _exporter = new PrometheusExporter(_metrics.Meter);
    }

    public Meter Meter => _metrics.Meter;

    public static string Of(PrometheusExporter exporter)
    {
        var text = new StringBuilder();
        exporter.Scrape(static (exposition, text) => text.Append(Encoding.UTF8.GetString(exposition)), text);
        return text.ToString();
    }

    /// <summary>The exposition's lines, without the HELP and TYPE lines.</summary>
    public static string[] Series(PrometheusExporter exporter) =>
        Of(exporter).Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(line => !line.StartsWith('#')).ToArray();

    public string Scrape() => Of(_exporter);

    public string[] Series() => Series(_exporter);

    public void Dispose()
    {
        _exporter.Dispose();
        _metrics.Dispose();
        _services.Dispose();
    }
}
