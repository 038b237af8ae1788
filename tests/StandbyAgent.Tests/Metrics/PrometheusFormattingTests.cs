using System.Diagnostics.Metrics;
using StandbyAgent.Metrics;

namespace StandbyAgent.Tests.Metrics;

/// <summary>The exposition text, line by line, for instruments on a meter of the test's own.</summary>
public sealed class PrometheusFormattingTests : IDisposable
{
    private readonly Meter _meter = new("StandbyAgent.Tests.Formatting");

    public void Dispose() => _meter.Dispose();

    [Fact]
    public void A_gauge_is_written_with_its_help_and_type_lines()
    {
        _meter.CreateObservableGauge("test_position_bytes", () => 123456789012L, "By", "End of something, as a byte position.");

        Assert.Equal(
            """
            # HELP test_position_bytes End of something, as a byte position.
            # TYPE test_position_bytes gauge
            test_position_bytes 123456789012

            """,
            Scrape());
    }

    [Fact]
    public void A_counter_keeps_its_total_name_and_one_series_per_label_set()
    {
        _meter.CreateObservableCounter("test_events_total", () => new[]
        {
            new Measurement<long>(3, new KeyValuePair<string, object?>("reason", "lost")),
            new Measurement<long>(0, new KeyValuePair<string, object?>("reason", "other")),
        }, description: "Events, by reason.");

        Assert.Equal(
            """
            # HELP test_events_total Events, by reason.
            # TYPE test_events_total counter
            test_events_total{reason="lost"} 3
            test_events_total{reason="other"} 0

            """,
            Scrape());
    }

    [Fact]
    public void Label_values_escape_backslash_quote_and_newline_and_numbers_are_written_invariantly()
    {
        _meter.CreateObservableGauge("test_info", () => new Measurement<long>(
            1,
            new KeyValuePair<string, object?>("path", "C:\\wal \"x\"\nnext"),
            new KeyValuePair<string, object?>("port", 5432),
            new KeyValuePair<string, object?>("empty", null),
            new KeyValuePair<string, object?>("host", "prïmary")));

        Assert.Equal(
            """test_info{path="C:\\wal \"x\"\nnext",port="5432",empty="",host="prïmary"} 1""",
            Assert.Single(Exposition.Series(Exporter())));
    }

    [Theory]
    [InlineData(0.1, "0.1")]
    [InlineData(1718000000.123456, "1718000000.123456")]
    [InlineData(-2.5, "-2.5")]
    [InlineData(0, "0")]
    [InlineData(1e300, "1E+300")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    public void Doubles_are_written_in_shortest_round_trip_form_with_the_special_values_Prometheus_reads(double value, string expected)
    {
        _meter.CreateObservableGauge("test_seconds", () => value);

        Assert.Equal($"test_seconds {expected}", Assert.Single(Exposition.Series(Exporter())));
    }

    [Fact]
    public void Help_text_escapes_backslash_and_newline()
    {
        _meter.CreateObservableGauge("test_gauge", () => 1L, description: "First line\nsecond \\ line");

        Assert.StartsWith("# HELP test_gauge First line\\nsecond \\\\ line\n# TYPE test_gauge gauge\n", Scrape(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_histogram_counts_cumulatively_into_its_advised_buckets_and_a_bound_belongs_to_its_own_bucket()
    {
        Histogram<double> histogram = _meter.CreateHistogram(
            "test_duration_seconds", "s", "How long.", tags: null, new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.5, 1, 5] });
        using PrometheusExporter exporter = Exporter();
        foreach (double value in new[] { 0.25, 1, 3, 100 })
        {
            histogram.Record(value);
        }

        Assert.Equal(
            """
            # HELP test_duration_seconds How long.
            # TYPE test_duration_seconds histogram
            test_duration_seconds_bucket{le="0.5"} 1
            test_duration_seconds_bucket{le="1"} 2
            test_duration_seconds_bucket{le="5"} 3
            test_duration_seconds_bucket{le="+Inf"} 4
            test_duration_seconds_sum 104.25
            test_duration_seconds_count 4

            """,
            Exposition.Of(exporter));
    }

    [Fact]
    public void Families_come_in_creation_order_one_without_series_is_left_out_and_one_without_help_has_only_its_type()
    {
        _meter.CreateObservableGauge("test_first", () => 1L);
        _meter.CreateObservableGauge("test_absent", Array.Empty<Measurement<long>>);
        _meter.CreateObservableGauge("test_second", () => 2L);

        Assert.Equal(
            """
            # TYPE test_first gauge
            test_first 1
            # TYPE test_second gauge
            test_second 2

            """,
            Scrape());
    }

    [Fact]
    public void Scrapes_reuse_the_buffer_without_leftovers_and_grow_it_for_a_long_exposition()
    {
        long value = 1;
        _meter.CreateObservableGauge("test_many", () => Enumerable.Range(0, 2000).Select(i => new Measurement<long>(value, new KeyValuePair<string, object?>("series", i))));
        using PrometheusExporter exporter = Exporter();

        string first = Exposition.Of(exporter);
        value = 2;
        string second = Exposition.Of(exporter);

        Assert.True(first.Length > 32 * 1024, $"only {first.Length} characters");
        Assert.Equal(first.Replace("} 1\n", "} 2\n", StringComparison.Ordinal), second);
        Assert.EndsWith("test_many{series=\"1999\"} 2\n", second, StringComparison.Ordinal);
    }

    [Fact]
    public void Instruments_of_another_meter_are_not_served()
    {
        using var other = new Meter("StandbyAgent.Tests.Other");
        other.CreateObservableGauge("test_elsewhere", () => 1L);
        _meter.CreateObservableGauge("test_here", () => 1L);

        Assert.Equal(["test_here 1"], Exposition.Series(Exporter()));
    }

    [Fact]
    public void An_instrument_the_exporter_cannot_serve_is_refused_when_created()
    {
        using PrometheusExporter exporter = Exporter();

        NotSupportedException refused = Assert.Throws<NotSupportedException>(() => _meter.CreateCounter<long>("test_pushed_total"));
        Assert.Contains("test_pushed_total", refused.Message, StringComparison.Ordinal);
    }

    private PrometheusExporter Exporter() => new(_meter);

    private string Scrape()
    {
        using PrometheusExporter exporter = Exporter();
        return Exposition.Of(exporter);
    }
}
