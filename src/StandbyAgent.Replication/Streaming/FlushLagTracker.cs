using StandbyAgent.Protocol;

namespace StandbyAgent.Replication.Streaming;

/// <summary>
/// Remembers when the server reported having WAL up to a position (the send time of each message
/// that moved its WAL end), so the age of the oldest WAL not yet flushed here can be told. Reports
/// closer together than the sample spacing share one sample; when the samples run out, neighbours
/// merge and the spacing doubles, so a long backlog stays evenly sampled. Merging credits later
/// WAL to an earlier time, so the age errs by at most one spacing and only towards older.
/// </summary>
internal sealed class FlushLagTracker
{
    /// <summary>Even, so that merging pairs leaves no sample out.</summary>
    private const int Capacity = 1024;

    private const long InitialSpacingMicroseconds = 1000;

    private readonly Lock _gate = new();
    private readonly Sample[] _samples = new Sample[Capacity];
    private int _first;
    private int _count;
    private long _spacing = InitialSpacingMicroseconds;

    /// <summary>On the receive loop: the server had WAL up to <paramref name="walEnd"/> at <paramref name="sendTime"/>.</summary>
    public void ServerReported(Lsn walEnd, long sendTime, Lsn flushed)
    {
        lock (_gate)
        {
            DropFlushed(flushed);
            if (_count > 0 && sendTime - At(_count - 1).SendTime < _spacing)
            {
                Set(_count - 1, At(_count - 1) with { End = walEnd });
                return;
            }

            if (_count == Capacity)
            {
                MergePairs();
            }

            _count++;
            Set(_count - 1, new Sample(walEnd, sendTime));
        }
    }

    /// <summary>The send time (µs since 2000) of the first report of WAL beyond <paramref name="flushed"/>; null when none is held.</summary>
    public long? OldestBeyond(Lsn flushed)
    {
        lock (_gate)
        {
            DropFlushed(flushed);
            return _count > 0 ? At(0).SendTime : null;
        }
    }

    private void DropFlushed(Lsn flushed)
    {
        while (_count > 0 && At(0).End <= flushed)
        {
            _first = (_first + 1) % Capacity;
            _count--;
        }

        if (_count == 0)
        {
            _spacing = InitialSpacingMicroseconds;
        }
    }

    /// <summary>Each pair becomes one sample with the older time and the newer end. Sample i is written only after 2i and 2i+1 were read.</summary>
    private void MergePairs()
    {
        for (int i = 0; i < _count / 2; i++)
        {
            Set(i, new Sample(At((2 * i) + 1).End, At(2 * i).SendTime));
        }

        _count /= 2;
        _spacing *= 2;
    }

    private Sample At(int index) => _samples[(_first + index) % Capacity];

    private void Set(int index, Sample sample) => _samples[(_first + index) % Capacity] = sample;

    private readonly record struct Sample(Lsn End, long SendTime);
}
