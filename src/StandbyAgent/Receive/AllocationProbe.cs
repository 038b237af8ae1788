using System.Globalization;
using StandbyAgent.Replication.Streaming;

namespace StandbyAgent.Receive;

/// <summary>
/// Measures allocations per XLogData message in steady state, from the runtime's own counter
/// (GC.GetTotalAllocatedBytes): from the moment the first segment is complete (JIT, pools and
/// buffers warmed up) to the end of the run. Printed on stderr with --report-allocations; the
/// benchmark reads it. Logging stays at its level, so its own allocations do not count.
/// </summary>
internal sealed class AllocationProbe : IDisposable
{
    private readonly StreamProgress _progress;
    private readonly Timer _timer;
    private long _startBytes = -1;
    private long _startMessages;

    public AllocationProbe(StreamProgress progress)
    {
        _progress = progress;
        _timer = new Timer(_ => TryStart(), null, TimeSpan.Zero, TimeSpan.FromMilliseconds(100));
    }

    public void Dispose()
    {
        _timer.Dispose();
        long messages = _progress.WalMessages - _startMessages;
        if (_startBytes < 0 || messages == 0)
        {
            Console.Error.WriteLine("allocations: steady state not reached (no segment was completed)");
            return;
        }

        long allocated = GC.GetTotalAllocatedBytes(precise: true) - _startBytes;
        Console.Error.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"allocations: {allocated} bytes over {messages} XLogData messages in steady state, {(double)allocated / messages:F3} bytes per message"));
    }

    private void TryStart()
    {
        if (_startBytes < 0 && _progress.SegmentsCompleted > 0)
        {
            _startMessages = _progress.WalMessages;
            _startBytes = GC.GetTotalAllocatedBytes(precise: true);
        }
    }
}
