using System.Buffers;
using System.IO.Pipelines;
using Microsoft.Extensions.Logging;
using StandbyAgent.Protocol;
using StandbyAgent.Protocol.Framing;
using StandbyAgent.Protocol.Messages;
using StandbyAgent.Protocol.Replication;
using StandbyAgent.Replication.Connection;
using StandbyAgent.Storage;

namespace StandbyAgent.Replication.Streaming;

/// <summary>
/// One CopyBoth exchange after START_REPLICATION: XLogData goes to the writer straight from the
/// receive buffer, keepalives are answered, status updates go out on time, and the session ends
/// cleanly on a timeline switch, a server shutdown, the end position or a stop request.
/// The loop only reads the pipe and dispatches; timers and the durability thread wake it by
/// cancelling the pending read, so nothing is allocated per message.
/// </summary>
public sealed class WalStreamSession
{
    private static readonly TimeSpan s_shortestTick = TimeSpan.FromMilliseconds(20);

    private readonly PostgresConnection _connection;
    private readonly PipeReader _input;
    private readonly WalWriter _writer;
    private readonly StreamingOptions _options;
    private readonly StreamProgress _progress;
    private readonly StatusReporter _status;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private long _lastReceiptTimestamp;
    private long _segmentsPublished;
    private bool _pinged;
    private long _pingSentTimestamp;
    private volatile bool _stopRequested;

    public WalStreamSession(PostgresConnection connection, WalWriter writer, StreamingOptions options, StreamProgress progress, TimeProvider time, ILogger logger)
    {
        _connection = connection;
        _input = connection.Input;
        _writer = writer;
        _options = options;
        _progress = progress;
        _time = time;
        _logger = logger;
        _status = new StatusReporter(connection.Output, writer, options.ReportFlush, time);
    }

    /// <summary>
    /// Called on the thread that ran the fsync (the durability thread, or the loop's own in
    /// synchronous mode) when the flushed position moves: reported at once, which is
    /// what a synchronous primary waits for. It does not wake the loop (the loop runs inline on the
    /// transport's thread, and this thread must go back to its fsyncs): a failure the worker reports
    /// this way is seen at the next batch or tick.
    /// </summary>
    public void OnFlushAdvanced(Lsn flushed)
    {
        _progress.FlushedUpTo(flushed);
        if (_options.ReportFlush)
        {
            _status.Send(replyRequested: false);
        }
    }

    public async Task<StreamOutcome> RunAsync(bool clearSlotXmin, CancellationToken stop)
    {
        _lastReceiptTimestamp = _time.GetTimestamp();
        _status.Send(replyRequested: false);
        if (clearSlotXmin)
        {
            _status.SendClearingHotStandbyFeedback();
        }

        using ITimer tick = _time.CreateTimer(_ => _input.CancelPendingRead(), null, TickInterval, TickInterval);
        using CancellationTokenRegistration onStop = stop.Register(() =>
        {
            _stopRequested = true;
            _input.CancelPendingRead();
        });

        while (true)
        {
            ReadResult result = await _input.ReadAsync();
            BatchResult batch = ProcessBatch(result.Buffer, out SequencePosition consumed);
            _input.AdvanceTo(consumed, batch.Event == StreamEvent.None ? result.Buffer.End : consumed);
            _writer.ThrowIfFaulted();
            PublishProgress();

            switch (batch.Event)
            {
                case StreamEvent.ServerCopyDone:
                    return await EndTimelineAsync(stop);
                case StreamEvent.ServerCommandComplete:
                    // The server has ended the COPY: nothing more may be sent inside it.
                    _status.Close(static _ => { });
                    await _writer.CloseAsync();
                    return new StreamOutcome(StreamEnd.ServerEnded);
                case StreamEvent.EndPositionReached:
                    return await StopAsync(StreamEnd.EndPositionReached);
            }

            if (_stopRequested)
            {
                return await StopAsync(StreamEnd.Stopped);
            }

            if (result.IsCompleted)
            {
                throw FrameReading.ServerClosed();
            }

            AfterBatch(batch.ReplyRequested);
        }
    }

    /// <summary>
    /// Hands the writer's position and completed segments to the progress monitoring reads; after
    /// every batch, and once more by the receiver when the session ends, however it ends.
    /// </summary>
    public void PublishProgress()
    {
        _progress.WrittenUpTo(_writer.Written);
        long completed = _writer.SegmentsCompleted;
        _progress.AddSegmentsCompleted(completed - _segmentsPublished);
        _segmentsPublished = completed;
    }

    /// <summary>
    /// How often the loop wakes up on its own to look at its deadlines: often enough that the ping
    /// at half the receiver timeout goes out within a quarter of it, and status updates on time.
    /// </summary>
    private TimeSpan TickInterval
    {
        get
        {
            TimeSpan tick = TimeSpan.FromSeconds(1);
            if (_options.StatusInterval > TimeSpan.Zero && _options.StatusInterval < tick)
            {
                tick = _options.StatusInterval;
            }

            if (_options.ReceiverTimeout > TimeSpan.Zero && _options.ReceiverTimeout / 4 < tick)
            {
                tick = _options.ReceiverTimeout / 4;
            }

            return tick < s_shortestTick ? s_shortestTick : tick;
        }
    }

    private BatchResult ProcessBatch(ReadOnlySequence<byte> buffer, out SequencePosition consumed)
    {
        var reader = new SequenceReader<byte>(buffer);
        var batch = default(BatchResult);
        try
        {
            while (batch.Event == StreamEvent.None && BackendFrameReader.TryRead(ref reader, out BackendFrame frame))
            {
                batch.Frames++;
                batch.Event = Handle(frame, ref batch);
            }
        }
        finally
        {
            consumed = reader.Position;
        }

        if (batch.Frames > 0)
        {
            _lastReceiptTimestamp = _time.GetTimestamp();
            _pinged = false;
            _progress.Received(batch.Bytes, batch.WalMessages, (_time.GetUtcNow().UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10, batch.LastSendTime);
        }

        return batch;
    }

    private StreamEvent Handle(in BackendFrame frame, ref BatchResult batch)
    {
        switch (frame.Code)
        {
            case BackendMessageCode.CopyData:
                return HandleCopyData(frame.Payload, ref batch);
            case BackendMessageCode.CopyDone:
                return StreamEvent.ServerCopyDone;
            case BackendMessageCode.CommandComplete:
                // A walsender that is shutting down ends the COPY with CommandComplete, no CopyDone.
                ReplicationLog.ServerEndedStream(_logger, CommandComplete.Parse(frame.Payload).Tag);
                return StreamEvent.ServerCommandComplete;
            case BackendMessageCode.ErrorResponse:
                throw new PostgresException(PostgresNotice.Parse(frame.Payload, "ErrorResponse"));
            case BackendMessageCode.NoticeResponse:
                ReplicationLog.ServerNotice(_logger, PostgresNotice.Parse(frame.Payload, "NoticeResponse").ToString());
                return StreamEvent.None;
            case BackendMessageCode.ParameterStatus:
                ParameterStatus.Parse(frame.Payload);
                return StreamEvent.None;
            default:
                throw new ProtocolViolationException($"unexpected message type 0x{(byte)frame.Code:X2} while streaming WAL");
        }
    }

    private StreamEvent HandleCopyData(ReadOnlySequence<byte> payload, ref BatchResult batch)
    {
        if (payload.IsEmpty)
        {
            throw new ProtocolViolationException("empty CopyData message while streaming WAL");
        }

        switch ((ReplicationMessageCode)payload.FirstSpan[0])
        {
            case ReplicationMessageCode.XLogData:
                XLogData data = XLogData.Parse(payload);
                _writer.Write(data.DataStart, data.Data);
                _progress.ServerReportedEnd(data.WalEnd, data.SendTime);
                batch.Bytes += data.Data.Length;
                batch.WalMessages++;
                batch.LastSendTime = data.SendTime;
                return _options.EndPosition is { } end && _writer.Written > end ? StreamEvent.EndPositionReached : StreamEvent.None;
            case ReplicationMessageCode.PrimaryKeepalive:
                PrimaryKeepalive keepalive = PrimaryKeepalive.Parse(payload);
                _progress.ServerReportedEnd(keepalive.WalEnd, keepalive.SendTime);
                batch.LastSendTime = keepalive.SendTime;
                batch.ReplyRequested |= keepalive.ReplyRequested;
                return StreamEvent.None;
            default:
                throw new ProtocolViolationException($"unrecognized streaming header: message type 0x{payload.FirstSpan[0]:X2}");
        }
    }

    private void AfterBatch(bool replyRequested)
    {
        // OnFlushAdvanced reports the fsync the moment it is done, on whichever thread ran it.
        if (_options.Synchronous)
        {
            _writer.SyncNowIfIdle();
        }
        else if (replyRequested && _options.ReportFlush)
        {
            _writer.RequestSync();
        }

        long now = _time.GetTimestamp();
        TimeSpan silence = _time.GetElapsedTime(_lastReceiptTimestamp, now);
        if (_options.ReceiverTimeout > TimeSpan.Zero)
        {
            if (!_pinged && silence >= _options.ReceiverTimeout / 2)
            {
                _pinged = true;
                _pingSentTimestamp = now;
                _status.Send(replyRequested: true);
                return;
            }

            // Never give up on a server that was not asked: when this loop itself was held up past the
            // whole timeout (a loaded machine), the ping goes out late and still gets a quarter of it.
            if (_pinged && silence >= _options.ReceiverTimeout && _time.GetElapsedTime(_pingSentTimestamp, now) >= _options.ReceiverTimeout / 4)
            {
                throw new TimeoutException(
                    $"terminating the replication connection due to timeout: nothing received from the server for {silence.TotalSeconds:0} s (receiver timeout {_options.ReceiverTimeout.TotalSeconds:0} s)");
            }
        }

        if (replyRequested
            || (_options.StatusInterval > TimeSpan.Zero && _time.GetElapsedTime(_status.LastSentTimestamp, now) >= _options.StatusInterval))
        {
            _status.Send(replyRequested: false);
        }
    }

    /// <summary>
    /// The server finished a historic timeline: make what we have durable, answer with CopyDone,
    /// and read where the next timeline starts.
    /// </summary>
    private async Task<StreamOutcome> EndTimelineAsync(CancellationToken stop)
    {
        await _writer.CloseAsync();
        _status.Close(Protocol.Frontend.CopyDoneMessage.Write);
        EndOfTimeline next = EndOfTimeline.Parse(await _connection.ReadResultAsync(stop));
        return new StreamOutcome(StreamEnd.TimelineEnded, next);
    }

    /// <summary>
    /// Our side ends the stream: everything written is fsynced and reported, then CopyDone, then
    /// the server's answer is drained (bounded in time; the WAL is already safe either way).
    /// </summary>
    private async Task<StreamOutcome> StopAsync(StreamEnd reason)
    {
        await _writer.CloseAsync();
        _progress.FlushedUpTo(_writer.Flushed);
        _status.Send(replyRequested: false);
        _status.Close(Protocol.Frontend.CopyDoneMessage.Write);
        using var drain = new CancellationTokenSource(_options.StopTimeout);
        try
        {
            await FrameReading.ReadUntilAsync(_input, new StopDrain(), drain.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or PostgresException or ProtocolViolationException)
        {
            ReplicationLog.StopNotAcknowledged(_logger, ex.Message);
        }

        return new StreamOutcome(reason);
    }

    private enum StreamEvent
    {
        None,
        ServerCopyDone,
        ServerCommandComplete,
        EndPositionReached,
    }

    private struct BatchResult
    {
        public int Frames;
        public int WalMessages;
        public long Bytes;
        public long LastSendTime;
        public bool ReplyRequested;
        public StreamEvent Event;
    }

    /// <summary>After our CopyDone: in-flight WAL is discarded until ReadyForQuery.</summary>
    private sealed class StopDrain : IFrameHandler
    {
        public bool Handle(in BackendFrame frame) => frame.Code switch
        {
            BackendMessageCode.ReadyForQuery => true,
            BackendMessageCode.ErrorResponse => throw new PostgresException(PostgresNotice.Parse(frame.Payload, "ErrorResponse")),
            _ => false,
        };
    }
}
