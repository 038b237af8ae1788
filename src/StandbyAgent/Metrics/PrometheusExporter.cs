using System.Buffers;
using System.Diagnostics.Metrics;

namespace StandbyAgent.Metrics;

/// <summary>
/// Serves one <see cref="Meter"/> in the Prometheus text format (0.0.4). A scrape asks the
/// observable instruments for their values through a <see cref="MeterListener"/> and writes each
/// measurement as it arrives into a buffer kept from scrape to scrape; histograms aggregate as
/// they are recorded and are written after. The exporter allocates nothing per scrape; what a
/// scrape allocates is System.Diagnostics.Metrics observing the instruments.
/// </summary>
internal sealed class PrometheusExporter : IDisposable
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private readonly Meter _meter;
    private readonly MeterListener _listener = new();
    private readonly Lock _gate = new();
    private readonly ArrayBufferWriter<byte> _buffer = new(16 * 1024);
    private readonly List<HistogramFamily> _histograms = [];
    private MetricFamily? _lastFamily;

    public PrometheusExporter(Meter meter)
    {
        _meter = meter;
        _listener.InstrumentPublished = OnInstrumentPublished;
        _listener.SetMeasurementEventCallback<long>(OnMeasurement);
        _listener.SetMeasurementEventCallback<double>(OnMeasurement);
        _listener.Start();
    }

    /// <summary>
    /// Collects the exposition and hands it to <paramref name="consume"/>, which must copy it
    /// before returning: the buffer is reused by the next scrape. Concurrent scrapes take turns.
    /// </summary>
    public void Scrape<TState>(ReadOnlySpanAction<byte, TState> consume, TState state)
    {
        lock (_gate)
        {
            _buffer.ResetWrittenCount();
            _lastFamily = null;
            _listener.RecordObservableInstruments();
            foreach (HistogramFamily histogram in _histograms)
            {
                histogram.WriteTo(_buffer);
            }

            consume(_buffer.WrittenSpan, state);
        }
    }

    public void Dispose() => _listener.Dispose();

    private void OnInstrumentPublished(Instrument instrument, MeterListener listener)
    {
        if (instrument.Meter != _meter)
        {
            return;
        }

        lock (_gate)
        {
            if (instrument is Histogram<double> histogram)
            {
                var family = new HistogramFamily(histogram);
                _histograms.Add(family);
                listener.EnableMeasurementEvents(instrument, family);
            }
            else
            {
                listener.EnableMeasurementEvents(instrument, MetricFamily.For(instrument));
            }
        }
    }

    private void OnMeasurement(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state) =>
        PrometheusText.WriteSeries(_buffer, StartFamily(state), tags, value);

    private void OnMeasurement(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        if (state is HistogramFamily histogram)
        {
            histogram.Record(value);
            return;
        }

        PrometheusText.WriteSeries(_buffer, StartFamily(state), tags, value);
    }

    /// <summary>
    /// Observable instruments report only inside <see cref="MeterListener.RecordObservableInstruments"/>,
    /// under the gate and one instrument after the other, so a family's header goes just before its first series.
    /// </summary>
    private byte[] StartFamily(object? state)
    {
        var family = (MetricFamily)state!;
        if (family != _lastFamily)
        {
            _buffer.Write(family.Header);
            _lastFamily = family;
        }

        return family.Name;
    }
}
