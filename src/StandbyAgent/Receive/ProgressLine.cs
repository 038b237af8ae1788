using System.Globalization;
using StandbyAgent.Replication.Streaming;

namespace StandbyAgent.Receive;

/// <summary>
/// With -v on a terminal: one line, rewritten every second, with bytes received, rate, the
/// positions and the lag behind the server.
/// </summary>
internal sealed class ProgressLine : IDisposable
{
    private readonly StreamProgress _progress;
    private readonly Timer _timer;
    private long _lastBytes;
    private long _lastTimestamp;

    public ProgressLine(StreamProgress progress)
    {
        _progress = progress;
        _lastTimestamp = TimeProvider.System.GetTimestamp();
        _timer = new Timer(_ => Print(), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    public void Dispose()
    {
        _timer.Dispose();
        Console.Error.WriteLine();
    }

    private void Print()
    {
        long now = TimeProvider.System.GetTimestamp();
        long bytes = _progress.ReceivedBytes;
        double seconds = TimeProvider.System.GetElapsedTime(_lastTimestamp, now).TotalSeconds;
        double rate = seconds > 0 ? (bytes - _lastBytes) / seconds : 0;
        (_lastBytes, _lastTimestamp) = (bytes, now);
        ulong lag = _progress.ServerWalEnd > _progress.Flushed ? _progress.ServerWalEnd - _progress.Flushed : 0;
        Console.Error.Write(string.Create(
            CultureInfo.InvariantCulture,
            $"\r{Size(bytes)} received, {Size((long)rate)}/s, written {_progress.Written}, flushed {_progress.Flushed}, server {_progress.ServerWalEnd}, lag {Size((long)lag)} (timeline {_progress.Timeline})   "));
    }

    private static string Size(long bytes) => bytes switch
    {
        >= 1L << 30 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 30):0.00} GB"),
        >= 1L << 20 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 20):0.0} MB"),
        >= 1L << 10 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0} kB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes} B"),
    };
}
