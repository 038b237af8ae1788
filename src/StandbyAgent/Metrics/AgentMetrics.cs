using System.Diagnostics;
using System.Diagnostics.Metrics;
using StandbyAgent.Protocol;
using StandbyAgent.Replication.Streaming;

namespace StandbyAgent.Metrics;

/// <summary>
/// The agent's instruments on the <c>StandbyAgent</c> meter, one per Prometheus family and named
/// as Prometheus shows them. All but the fsync histogram are observable: they read the lock-free
/// <see cref="ReceiverStatus"/> when someone collects, so the receive loop does no metrics work.
/// Any <see cref="MeterListener"/> (an OpenTelemetry exporter too) sees them.
/// </summary>
internal sealed class AgentMetrics : IDisposable
{
    public const string MeterName = "StandbyAgent";

    /// <summary>Seconds from the Unix epoch to PostgreSQL's (2000-01-01).</summary>
    private const double PostgresEpochUnixSeconds = 946_684_800;

    /// <summary>From a tenth of a millisecond (page-cache fsync on NVMe) to ten seconds (a stalled network disk).</summary>
    private static readonly double[] s_fsyncBuckets = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    /// <summary>Every state and every reason gets a series from the start, so rate() and alerts see the first change.</summary>
    private static readonly ReceiverState[] s_states = Enum.GetValues<ReceiverState>();
    private static readonly DisconnectReason[] s_reasons = Enum.GetValues<DisconnectReason>();

    private readonly ReceiverStatus _status;
    private readonly TimeProvider _time;
    private readonly Histogram<double> _fsyncDuration;
    private SenderLabels? _senderLabels;

    public AgentMetrics(IMeterFactory meters, ReceiverStatus status, TimeProvider time)
    {
        _status = status;
        _time = time;
        Meter = meters.Create(MeterName);
        StreamProgress progress = status.Progress;
        double processStart = ProcessStartSeconds();

        Meter.CreateObservableGauge("standby_agent_state", ObserveState, description:
            "1 for the receiver's current state (connecting, streaming, backoff, stopped), 0 for the others.");
        Meter.CreateObservableGauge("standby_agent_info", ObserveSender, description:
            "1, labelled with the server streamed from (system identifier, slot, transport, sender host and port); absent before the first connection.");
        Meter.CreateObservableGauge("standby_agent_receive_start_lsn", () => Bytes(progress.StartLsn), "By",
            "Where the current streaming started (a segment start), as a byte position.");
        Meter.CreateObservableGauge("standby_agent_receive_start_timeline", () => (long)progress.StartTimeline, "{timeline}",
            "Timeline the current streaming started on.");

        // WAL goes to the writer straight from the receive buffer, so what is received is written.
        Meter.CreateObservableGauge("standby_agent_received_lsn", () => Bytes(progress.Written), "By",
            "End of the WAL received, as a byte position; WAL is written as it is received.");
        Meter.CreateObservableGauge("standby_agent_written_lsn", () => Bytes(progress.Written), "By",
            "End of the WAL written to disk, not necessarily fsynced, as a byte position.");
        Meter.CreateObservableGauge("standby_agent_flushed_lsn", () => Bytes(progress.Flushed), "By",
            "End of the WAL fsynced, as a byte position.");
        Meter.CreateObservableGauge("standby_agent_timeline", () => (long)progress.Timeline, "{timeline}",
            "Timeline of the WAL being received.");
        Meter.CreateObservableGauge("standby_agent_server_wal_end_lsn", () => Bytes(progress.ServerWalEnd), "By",
            "The server's end of WAL as it last reported it, as a byte position.");
        Meter.CreateObservableGauge("standby_agent_server_wal_end_timestamp_seconds", () => PostgresSeconds(progress.ServerWalEndTime), "s",
            "The server's send time of the message that last moved its end of WAL, in seconds since the Unix epoch; 0 before any.");
        Meter.CreateObservableGauge("standby_agent_lag_bytes", () => LagBytes(progress), "By",
            "Server WAL end minus the flushed position: WAL the server has that is not yet safe here. 0 when caught up, an idle primary included.");
        Meter.CreateObservableGauge("standby_agent_flush_lag_seconds", FlushLagSeconds, "s",
            "How long the oldest WAL the server reported and that is not yet fsynced here has existed (server send time to now); 0 when nothing is behind.");
        Meter.CreateObservableGauge("standby_agent_last_message_send_timestamp_seconds", () => PostgresSeconds(progress.LastMessageSendTime), "s",
            "The server's send time of the last message received, in seconds since the Unix epoch; 0 before any.");
        Meter.CreateObservableGauge("standby_agent_last_message_receipt_timestamp_seconds", () => progress.LastMessageReceiptUnixMicroseconds / 1e6, "s",
            "When the last message from the server arrived, in seconds since the Unix epoch; 0 before any. Its age is the liveness signal.");
        Meter.CreateObservableCounter("standby_agent_reconnects_total", ObserveReconnects, "{reconnect}",
            "Connections that ended and were retried, by reason.");
        Meter.CreateObservableCounter("standby_agent_received_bytes_total", () => progress.ReceivedBytes, "By",
            "WAL bytes received.");
        Meter.CreateObservableCounter("standby_agent_segments_completed_total", () => progress.SegmentsCompleted, "{segment}",
            "WAL segments received in full; each is then fsynced and given its final name.");
        Meter.CreateObservableGauge("process_start_time_seconds", () => processStart, "s",
            "Start time of the process since the Unix epoch in seconds.");
        _fsyncDuration = Meter.CreateHistogram("standby_agent_fsync_duration_seconds", "s",
            "Time each fsync of WAL took, from its start to the WAL being durable.", tags: null, new InstrumentAdvice<double> { HistogramBucketBoundaries = s_fsyncBuckets });
        status.FsyncDurations.Recorded += RecordFsync;
    }

    public Meter Meter { get; }

    public void Dispose() => _status.FsyncDurations.Recorded -= RecordFsync;

    private static long Bytes(Lsn position) => (long)position.Value;

    private static double ProcessStartSeconds()
    {
        using Process current = Process.GetCurrentProcess();
        return (current.StartTime.ToUniversalTime() - DateTime.UnixEpoch).TotalSeconds;
    }

    private static long LagBytes(StreamProgress progress)
    {
        Lsn flushed = progress.Flushed;
        Lsn serverEnd = progress.ServerWalEnd;
        return serverEnd > flushed ? (long)(serverEnd - flushed) : 0;
    }

    private static double PostgresSeconds(long postgresMicroseconds) =>
        postgresMicroseconds == 0 ? 0 : (postgresMicroseconds / 1e6) + PostgresEpochUnixSeconds;

    private void RecordFsync(TimeSpan elapsed) => _fsyncDuration.Record(elapsed.TotalSeconds);

    /// <summary>The server's and this machine's clocks are compared, so skew shows; a negative age reads as 0.</summary>
    private double FlushLagSeconds()
    {
        long oldest = _status.Progress.OldestUnflushedSendTime;
        if (oldest == 0)
        {
            return 0;
        }

        long now = PostgresClock.ToPostgresMicroseconds(_time.GetUtcNow());
        return Math.Max(0, now - oldest) / 1e6;
    }

    private Measurement<long>[] ObserveState()
    {
        ReceiverState current = _status.State;
        var measurements = new Measurement<long>[s_states.Length];
        for (int i = 0; i < measurements.Length; i++)
        {
            measurements[i] = new Measurement<long>(s_states[i] == current ? 1 : 0, new KeyValuePair<string, object?>("state", s_states[i].Label()));
        }

        return measurements;
    }

    private Measurement<long>[] ObserveReconnects()
    {
        var measurements = new Measurement<long>[s_reasons.Length];
        for (int i = 0; i < measurements.Length; i++)
        {
            measurements[i] = new Measurement<long>(_status.Reconnects(s_reasons[i]), new KeyValuePair<string, object?>("reason", s_reasons[i].Label()));
        }

        return measurements;
    }

    private Measurement<long>[] ObserveSender()
    {
        if (_status.Sender is not { } sender)
        {
            return [];
        }

        // Formatted once per connection, not per scrape.
        SenderLabels? labels = _senderLabels;
        if (labels?.Sender != sender)
        {
            labels = new SenderLabels(sender);
            _senderLabels = labels;
        }

        return [new Measurement<long>(1, labels.Tags)];
    }
}
