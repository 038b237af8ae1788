using System.Diagnostics.Metrics;
using StandbyAgent.Metrics;
using StandbyAgent.Protocol;
using StandbyAgent.Replication.Streaming;

namespace StandbyAgent.Tests.Metrics;

/// <summary>What the agent's instruments make of a <see cref="ReceiverStatus"/>, as exposition lines.</summary>
public sealed class AgentMetricsTests : IDisposable
{
    /// <summary>1767323045 seconds since the Unix epoch.</summary>
    private static readonly DateTimeOffset s_now = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private readonly ReceiverStatus _status = new();
    private readonly ManualTime _time = new(s_now);
    private readonly Exposition _exposition;

    public AgentMetricsTests()
    {
        _exposition = new Exposition(_status, _time);
    }

    private StreamProgress Progress => _status.Progress;

    public void Dispose() => _exposition.Dispose();

    [Fact]
    public void A_streaming_receiver_is_exported_as_these_exact_series()
    {
        _status.Connected(new SenderInfo(7400000000000000001, "standby_1", "tcp", "primary.example", 5432));
        _status.SetState(ReceiverState.Streaming);
        Progress.StreamStarted(3, new Lsn(0x5000000));
        Progress.ServerReportedEnd(new Lsn(0x5400000), PostgresTime(s_now.AddSeconds(-4)));
        Progress.Received(3 * 1024 * 1024, 24, UnixMicroseconds(s_now.AddSeconds(-1)), PostgresTime(s_now.AddSeconds(-1.5)));
        Progress.WrittenUpTo(new Lsn(0x5300000));
        Progress.FlushedUpTo(new Lsn(0x5200000));
        _status.RecordReconnect(DisconnectReason.ConnectionLost);
        _status.RecordReconnect(DisconnectReason.ConnectionLost);
        _status.RecordReconnect(DisconnectReason.ReceiverTimeout);
        Progress.AddSegmentsCompleted(1);

        string[] series = _exposition.Series();

        Assert.Equal(
            [
                """standby_agent_state{state="connecting"} 0""",
                """standby_agent_state{state="streaming"} 1""",
                """standby_agent_state{state="backoff"} 0""",
                """standby_agent_state{state="stopped"} 0""",
                """standby_agent_info{system_identifier="7400000000000000001",slot="standby_1",transport="tcp",sender_host="primary.example",sender_port="5432"} 1""",
                "standby_agent_receive_start_lsn 83886080",
                "standby_agent_receive_start_timeline 3",
                "standby_agent_received_lsn 87031808",
                "standby_agent_written_lsn 87031808",
                "standby_agent_flushed_lsn 85983232",
                "standby_agent_timeline 3",
                "standby_agent_server_wal_end_lsn 88080384",
                "standby_agent_server_wal_end_timestamp_seconds 1767323041",
                "standby_agent_lag_bytes 2097152",
                "standby_agent_flush_lag_seconds 4",
                "standby_agent_last_message_send_timestamp_seconds 1767323043.5",
                "standby_agent_last_message_receipt_timestamp_seconds 1767323044",
                """standby_agent_reconnects_total{reason="server_shutdown"} 0""",
                """standby_agent_reconnects_total{reason="connection_lost"} 2""",
                """standby_agent_reconnects_total{reason="receiver_timeout"} 1""",
                """standby_agent_reconnects_total{reason="server_error"} 0""",
                """standby_agent_reconnects_total{reason="authentication_failed"} 0""",
                """standby_agent_reconnects_total{reason="protocol_violation"} 0""",
                """standby_agent_reconnects_total{reason="storage_error"} 0""",
                """standby_agent_reconnects_total{reason="other"} 0""",
                "standby_agent_received_bytes_total 3145728",
                "standby_agent_segments_completed_total 1",
            ],
            series.Where(line => !line.StartsWith("process_start_time_seconds ", StringComparison.Ordinal) && !line.StartsWith("standby_agent_fsync_", StringComparison.Ordinal)));
    }

    [Fact]
    public void Before_the_first_connection_there_is_no_info_series_and_timestamps_read_zero()
    {
        string[] series = _exposition.Series();

        Assert.DoesNotContain(series, line => line.StartsWith("standby_agent_info", StringComparison.Ordinal));
        Assert.Contains("""standby_agent_state{state="connecting"} 1""", series);
        Assert.Contains("standby_agent_last_message_receipt_timestamp_seconds 0", series);
        Assert.Contains("standby_agent_server_wal_end_timestamp_seconds 0", series);
    }

    [Fact]
    public void An_idle_primary_is_not_lag_while_the_age_of_the_last_message_grows()
    {
        _status.SetState(ReceiverState.Streaming);
        Progress.StreamStarted(1, new Lsn(0x3000000));
        Progress.ServerReportedEnd(new Lsn(0x3000100), PostgresTime(s_now));
        Progress.Received(0x100, 1, UnixMicroseconds(s_now), PostgresTime(s_now));
        Progress.WrittenUpTo(new Lsn(0x3000100));
        Progress.FlushedUpTo(new Lsn(0x3000100));

        _time.Now = s_now.AddMinutes(10);
        string[] series = _exposition.Series();

        Assert.Contains("standby_agent_lag_bytes 0", series);
        Assert.Contains("standby_agent_flush_lag_seconds 0", series);
        Assert.Contains("standby_agent_last_message_receipt_timestamp_seconds 1767323045", series);
    }

    [Fact]
    public void Flush_lag_is_the_age_of_the_oldest_wal_the_server_reported_that_is_not_yet_flushed()
    {
        Progress.StreamStarted(1, new Lsn(0x1000000));
        Progress.ServerReportedEnd(new Lsn(0x1100000), PostgresTime(s_now));
        Progress.ServerReportedEnd(new Lsn(0x1200000), PostgresTime(s_now.AddSeconds(2)));
        _time.Now = s_now.AddSeconds(5);
        Assert.Contains("standby_agent_flush_lag_seconds 5", _exposition.Series());

        Progress.FlushedUpTo(new Lsn(0x1100000));
        Assert.Contains("standby_agent_flush_lag_seconds 3", _exposition.Series());

        Progress.FlushedUpTo(new Lsn(0x1200000));
        Assert.Contains("standby_agent_flush_lag_seconds 0", _exposition.Series());
    }

    [Fact]
    public void A_server_clock_ahead_of_ours_reads_as_no_flush_lag_rather_than_a_negative_one()
    {
        Progress.StreamStarted(1, new Lsn(0x1000000));
        Progress.ServerReportedEnd(new Lsn(0x1100000), PostgresTime(s_now.AddSeconds(3)));

        Assert.Contains("standby_agent_flush_lag_seconds 0", _exposition.Series());
        Assert.Contains("standby_agent_lag_bytes 1048576", _exposition.Series());
    }

    [Fact]
    public void The_info_series_follows_the_sender_of_the_latest_connection()
    {
        _status.Connected(new SenderInfo(1, null, "tcp", "old.example", 5432));
        _ = _exposition.Series();
        _status.Connected(new SenderInfo(2, "slot_b", "rdma", "new.example", 5433));

        Assert.Contains(
            """standby_agent_info{system_identifier="2",slot="slot_b",transport="rdma",sender_host="new.example",sender_port="5433"} 1""",
            _exposition.Series());
    }

    [Fact]
    public void Fsync_durations_the_durability_thread_reports_fill_the_histogram()
    {
        // Binary fractions of a second, so the sum is exact.
        _status.FsyncDurations.Record(TimeSpan.FromSeconds(1.0 / 64));
        _status.FsyncDurations.Record(TimeSpan.FromSeconds(1.0 / 16));

        string[] series = _exposition.Series();

        Assert.Contains("""standby_agent_fsync_duration_seconds_bucket{le="0.01"} 0""", series);
        Assert.Contains("""standby_agent_fsync_duration_seconds_bucket{le="0.025"} 1""", series);
        Assert.Contains("""standby_agent_fsync_duration_seconds_bucket{le="0.1"} 2""", series);
        Assert.Contains("""standby_agent_fsync_duration_seconds_bucket{le="+Inf"} 2""", series);
        Assert.Contains("standby_agent_fsync_duration_seconds_sum 0.078125", series);
        Assert.Contains("standby_agent_fsync_duration_seconds_count 2", series);
    }

    [Fact]
    public void The_process_start_time_is_a_moment_in_the_past()
    {
        string line = Assert.Single(_exposition.Series(), line => line.StartsWith("process_start_time_seconds ", StringComparison.Ordinal));
        double started = double.Parse(line["process_start_time_seconds ".Length..], System.Globalization.CultureInfo.InvariantCulture);

        // Now with its fraction: whole seconds cut up to a second off it, and a process started
        // within the last second then seemed to start in the future (-0.12 s in one run). The
        // start itself comes from clock ticks since boot, so a little slack stays.
        double now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;
        Assert.InRange(now - started, -1, 3600);
    }

    [Fact]
    public void Any_meter_listener_sees_the_instruments_on_the_StandbyAgent_meter_and_counters_end_in_total()
    {
        var published = new List<Instrument>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, _) =>
            {
                // Tests running beside this one have StandbyAgent meters of their own.
                if (instrument.Meter == _exposition.Meter)
                {
                    published.Add(instrument);
                }
            },
        };
        listener.Start();

        Assert.Equal(
            [
                "process_start_time_seconds", "standby_agent_flush_lag_seconds", "standby_agent_flushed_lsn", "standby_agent_fsync_duration_seconds",
                "standby_agent_info", "standby_agent_lag_bytes", "standby_agent_last_message_receipt_timestamp_seconds",
                "standby_agent_last_message_send_timestamp_seconds", "standby_agent_receive_start_lsn", "standby_agent_receive_start_timeline",
                "standby_agent_received_bytes_total", "standby_agent_received_lsn", "standby_agent_reconnects_total",
                "standby_agent_segments_completed_total", "standby_agent_server_wal_end_lsn", "standby_agent_server_wal_end_timestamp_seconds",
                "standby_agent_state", "standby_agent_timeline", "standby_agent_written_lsn",
            ],
            published.Select(instrument => instrument.Name).Order(StringComparer.Ordinal));
        Assert.Equal(AgentMetrics.MeterName, _exposition.Meter.Name);
        Assert.All(
            published.Where(instrument => instrument is ObservableCounter<long>),
            counter => Assert.EndsWith("_total", counter.Name, StringComparison.Ordinal));
    }

    private static long PostgresTime(DateTimeOffset time) => PostgresClock.ToPostgresMicroseconds(time);

    private static long UnixMicroseconds(DateTimeOffset time) => (time - DateTimeOffset.UnixEpoch).Ticks / 10;
}
