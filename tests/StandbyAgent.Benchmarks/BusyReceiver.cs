using StandbyAgent.Protocol;
using StandbyAgent.Replication.Streaming;

namespace StandbyAgent.Benchmarks;

/// <summary>
/// A receiver status as it looks while streaming: nine-digit positions, timestamps with
/// microseconds, a sender, a reconnect and a thousand fsync durations, so a scrape formats
/// numbers as long as in production.
/// </summary>
internal static class BusyReceiver
{
    public static ReceiverStatus Create()
    {
        var status = new ReceiverStatus();
        DateTimeOffset now = DateTimeOffset.UtcNow;
        status.Connected(new SenderInfo(7400000000000000001, "standby_1", "tcp", "primary.example.com", 5432));
        status.SetState(ReceiverState.Streaming);
        status.Progress.StreamStarted(1, new Lsn(0x1_2300_0000));
        status.Progress.ServerReportedEnd(new Lsn(0x1_2345_6789), PostgresClock.ToPostgresMicroseconds(now.AddSeconds(-1.25)));
        status.Progress.Received(123_456_789, 2_000, (now - DateTimeOffset.UnixEpoch).Ticks / 10, PostgresClock.ToPostgresMicroseconds(now.AddMilliseconds(-3)));
        status.Progress.WrittenUpTo(new Lsn(0x1_2345_0000));
        status.Progress.FlushedUpTo(new Lsn(0x1_2344_0000));
        status.RecordReconnect(DisconnectReason.ConnectionLost);
        return status;
    }

    /// <summary>After the instruments exist: the histogram only counts what is recorded while someone listens.</summary>
    public static void RecordFsyncs(ReceiverStatus status)
    {
        for (int i = 0; i < 1000; i++)
        {
            status.FsyncDurations.Record(TimeSpan.FromMicroseconds(150 + (i * 37 % 5000)));
        }
    }
}
