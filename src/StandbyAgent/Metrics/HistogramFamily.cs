using System.Buffers;
using System.Diagnostics.Metrics;
using System.Text;

namespace StandbyAgent.Metrics;

/// <summary>
/// A histogram family: measurements counted into the buckets the instrument advises, lock-free
/// (they arrive on whatever thread records them), and written as cumulative <c>_bucket</c> series
/// with <c>_sum</c> and <c>_count</c>. The agent's histograms carry no tags, so there is one series set.
/// </summary>
internal sealed class HistogramFamily
{
    private readonly double[] _bounds;

    /// <summary>One count per bound, and a last one for values above every bound.</summary>
    private readonly long[] _counts;
    private readonly byte[] _header;
    private readonly byte[][] _bucketPrefixes;
    private readonly byte[] _sumPrefix;
    private readonly byte[] _countPrefix;
    private long _sumBits;

    public HistogramFamily(Histogram<double> histogram)
    {
        _bounds = histogram.Advice?.HistogramBucketBoundaries?.ToArray()
            ?? throw new NotSupportedException($"histogram {histogram.Name} has no bucket boundaries advice");
        _counts = new long[_bounds.Length + 1];
        _header = PrometheusText.Header(histogram.Name, histogram.Description, "histogram");
        _bucketPrefixes = new byte[_bounds.Length + 1][];
        for (int i = 0; i <= _bounds.Length; i++)
        {
            string bound = i < _bounds.Length ? PrometheusText.FormatValue(_bounds[i]) : "+Inf";
            _bucketPrefixes[i] = Encoding.UTF8.GetBytes($"{histogram.Name}_bucket{{le=\"{bound}\"}} ");
        }

        _sumPrefix = Encoding.UTF8.GetBytes($"{histogram.Name}_sum ");
        _countPrefix = Encoding.UTF8.GetBytes($"{histogram.Name}_count ");
    }

    public void Record(double value)
    {
        // A value equal to a bound belongs to that bound's bucket: Prometheus' le is inclusive.
        int bucket = Array.BinarySearch(_bounds, value);
        Interlocked.Increment(ref _counts[bucket >= 0 ? bucket : ~bucket]);
        long seen = Volatile.Read(ref _sumBits);
        while (true)
        {
            long sum = BitConverter.DoubleToInt64Bits(BitConverter.Int64BitsToDouble(seen) + value);
            long previous = Interlocked.CompareExchange(ref _sumBits, sum, seen);
            if (previous == seen)
            {
                return;
            }

            seen = previous;
        }
    }

    /// <summary>The count is the +Inf bucket as read here, so the two agree even while values arrive.</summary>
    public void WriteTo(ArrayBufferWriter<byte> output)
    {
        output.Write(_header);
        long cumulative = 0;
        for (int i = 0; i < _counts.Length; i++)
        {
            cumulative += Volatile.Read(ref _counts[i]);
            output.Write(_bucketPrefixes[i]);
            PrometheusText.WriteValue(output, cumulative);
            output.Write("\n"u8);
        }

        output.Write(_sumPrefix);
        PrometheusText.WriteValue(output, BitConverter.Int64BitsToDouble(Volatile.Read(ref _sumBits)));
        output.Write("\n"u8);
        output.Write(_countPrefix);
        PrometheusText.WriteValue(output, cumulative);
        output.Write("\n"u8);
    }
}
