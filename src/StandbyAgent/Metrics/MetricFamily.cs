using System.Diagnostics.Metrics;
using System.Text;

namespace StandbyAgent.Metrics;

/// <summary>One Prometheus metric family of an observable instrument: its name and its HELP and TYPE lines, encoded once.</summary>
internal sealed class MetricFamily
{
    private MetricFamily(string name, string? help, string type)
    {
        Name = Encoding.UTF8.GetBytes(name);
        Header = PrometheusText.Header(name, help, type);
    }

    public byte[] Name { get; }

    public byte[] Header { get; }

    /// <summary>Counters keep their name as the instrument has it, which therefore ends in <c>_total</c>.</summary>
    /// <exception cref="NotSupportedException">Not an observable instrument of long or double.</exception>
    public static MetricFamily For(Instrument instrument) => instrument switch
    {
        ObservableCounter<long> or ObservableCounter<double> => new MetricFamily(instrument.Name, instrument.Description, "counter"),
        ObservableGauge<long> or ObservableGauge<double> or ObservableUpDownCounter<long> or ObservableUpDownCounter<double> =>
            new MetricFamily(instrument.Name, instrument.Description, "gauge"),
        _ => throw new NotSupportedException(
            $"instrument {instrument.Name} ({instrument.GetType().Name}): the Prometheus exporter serves observable instruments of long or double, and histograms of double"),
    };
}
