using System.Diagnostics;
using StandbyAgent.Protocol;

namespace StandbyAgent.Storage;

/// <summary>
/// Makes written WAL durable on a thread of its own, so a segment's fsync never stalls the receive
/// loop (a synchronous standby's small syncs may run on the caller while this thread is idle).
/// Operations run strictly in the order they were queued, so the flushed position it publishes
/// always covers every byte before it (segment N is complete before N+1's bytes count). Syncs
/// queued back to back for the same file merge into one (group flush). The first failure stops
/// it for good: a failed fsync is never retried and nothing after it is reported flushed.
/// </summary>
internal sealed class DurabilityWorker : IDisposable
{
    private readonly WalDirectory _directory;
    private readonly Action<Lsn>? _flushAdvanced;
    private readonly Action<TimeSpan>? _syncCompleted;
    private readonly object _gate = new();
    private readonly Queue<Operation> _queue = new();
    private readonly Thread _thread;
    private Operation? _pendingSync;
    private bool _busy;
    private bool _stopping;
    private Exception? _fault;
    private long _flushed;

    /// <param name="directory">Where the segments live.</param>
    /// <param name="initialFlush">The flushed position before anything is written (the stream's start).</param>
    /// <param name="flushAdvanced">Called on the thread that ran the fsync (this worker's, or the caller of <see cref="SyncInlineOrEnqueue"/>) when the flushed position moves, and once on failure.</param>
    /// <param name="syncCompleted">Called on the thread that ran the fsync with the time each successful fsync operation took.</param>
    public DurabilityWorker(WalDirectory directory, Lsn initialFlush, Action<Lsn>? flushAdvanced, Action<TimeSpan>? syncCompleted)
    {
        _directory = directory;
        _flushAdvanced = flushAdvanced;
        _syncCompleted = syncCompleted;
        _flushed = (long)initialFlush.Value;
        _thread = new Thread(Run) { IsBackground = true, Name = "wal-durability" };
        _thread.Start();
    }

    private enum OperationKind
    {
        Publish,
        Sync,
        Complete,
        CloseIncomplete,
        Barrier,
    }

    /// <summary>End of the WAL that is fsynced, file and name; never more.</summary>
    public Lsn Flushed => new((ulong)Volatile.Read(ref _flushed));

    public Exception? Fault => Volatile.Read(ref _fault);

    /// <summary>Asks for the segment to be fsynced up to <paramref name="upTo"/>, merging with a sync not yet started.</summary>
    public void EnqueueSync(SegmentFile segment, Lsn upTo)
    {
        lock (_gate)
        {
            if (_pendingSync is { } pending && pending.Segment == segment)
            {
                _pendingSync = pending with { UpTo = upTo };
                return;
            }

            MovePendingSyncToQueue();
            _pendingSync = new Operation(OperationKind.Sync, segment, upTo, null);
            Monitor.Pulse(_gate);
        }
    }

    /// <summary>
    /// Syncs on the calling thread when nothing is queued or running, else queues the sync behind
    /// what is there. For a synchronous standby: receive, fsync and reply on one thread, as
    /// pg_receivewal and the walreceiver do, with no wake-up of another thread per commit, while a
    /// completed segment's fsync still runs in the background.
    /// </summary>
    public void SyncInlineOrEnqueue(SegmentFile segment, Lsn upTo)
    {
        lock (_gate)
        {
            if (_busy || _fault is not null || _queue.Count > 0 || _pendingSync is not null)
            {
                EnqueueSync(segment, upTo);
                return;
            }

            _busy = true;
        }

        var sync = new Operation(OperationKind.Sync, segment, upTo, null);
        try
        {
            Execute(sync);
        }
        catch (Exception ex)
        {
            Fail(sync, ex);
            return;
        }

        lock (_gate)
        {
            _busy = false;

            // Only work queued meanwhile needs the worker; waking it for nothing costs a
            // synchronous standby a futex round trip per commit.
            if (_queue.Count > 0 || _pendingSync is not null || _stopping)
            {
                Monitor.Pulse(_gate);
            }
        }
    }

    /// <summary>A fresh segment gets its in-progress name once everything queued before it is done.</summary>
    public void EnqueuePublish(SegmentFile segment) => Enqueue(new Operation(OperationKind.Publish, segment, default, null));

    /// <summary>The segment is full: fsync, give it its final name, close it.</summary>
    public void EnqueueComplete(SegmentFile segment) => Enqueue(new Operation(OperationKind.Complete, segment, segment.End, null));

    /// <summary>Streaming ended inside the segment: fsync it and close it under its partial name.</summary>
    public void EnqueueCloseIncomplete(SegmentFile segment, Lsn upTo) => Enqueue(new Operation(OperationKind.CloseIncomplete, segment, upTo, null));

    /// <summary>Completes when everything queued before it is done; faults with the worker's failure.</summary>
    public Task WhenDoneAsync()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Enqueue(new Operation(OperationKind.Barrier, null, default, done));
        return done.Task;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _stopping = true;
            Monitor.Pulse(_gate);
        }

        _thread.Join();
    }

    private void Enqueue(Operation operation)
    {
        lock (_gate)
        {
            if (_fault is { } fault)
            {
                Abandon(operation, fault);
                return;
            }

            MovePendingSyncToQueue();
            _queue.Enqueue(operation);
            Monitor.Pulse(_gate);
        }
    }

    private void MovePendingSyncToQueue()
    {
        if (_pendingSync is { } pending)
        {
            _queue.Enqueue(pending);
            _pendingSync = null;
        }
    }

    private void Run()
    {
        while (TryTake(out Operation operation))
        {
            try
            {
                Execute(operation);
            }
            catch (Exception ex)
            {
                Fail(operation, ex);
                return;
            }
        }
    }

    /// <summary>The next operation, once no sync runs inline; false when stopping or failed.</summary>
    private bool TryTake(out Operation operation)
    {
        lock (_gate)
        {
            _busy = false;
            while (true)
            {
                // After a failure (here or inline) nothing more runs: a later fsync proves nothing.
                if (_fault is not null)
                {
                    operation = default;
                    return false;
                }

                if (!_busy && _queue.TryDequeue(out operation))
                {
                    _busy = true;
                    return true;
                }

                if (!_busy && _pendingSync is { } pending)
                {
                    operation = pending;
                    _pendingSync = null;
                    _busy = true;
                    return true;
                }

                if (_stopping)
                {
                    operation = default;
                    return false;
                }

                Monitor.Wait(_gate);
            }
        }
    }

    private void Execute(Operation operation)
    {
        long started = Stopwatch.GetTimestamp();
        switch (operation.Kind)
        {
            case OperationKind.Publish:
                _directory.PublishSegment(operation.Segment!);
                return;
            case OperationKind.Sync:
                _directory.SyncSegment(operation.Segment!);
                break;
            case OperationKind.Complete:
                _directory.CompleteSegment(operation.Segment!);
                break;
            case OperationKind.CloseIncomplete:
                _directory.CloseIncompleteSegment(operation.Segment!);
                break;
            case OperationKind.Barrier:
                operation.Done!.TrySetResult();
                return;
        }

        if (_directory.Sync)
        {
            _syncCompleted?.Invoke(Stopwatch.GetElapsedTime(started));
        }

        if (_directory.Sync && operation.UpTo.Value > (ulong)Volatile.Read(ref _flushed))
        {
            Volatile.Write(ref _flushed, (long)operation.UpTo.Value);
            _flushAdvanced?.Invoke(operation.UpTo);
        }
    }

    private void Fail(Operation failed, Exception error)
    {
        lock (_gate)
        {
            Volatile.Write(ref _fault, error);
            Abandon(failed, error);
            MovePendingSyncToQueue();
            while (_queue.TryDequeue(out Operation abandoned))
            {
                Abandon(abandoned, error);
            }
        }

        // Wake the writer so it notices the failure without waiting for its next flush.
        _flushAdvanced?.Invoke(Flushed);
    }

    /// <summary>
    /// An operation that will never run: its waiter gets the failure, and a completion or close
    /// (which own their segment's handle) closes the file, so nothing stays open on a failed disk.
    /// </summary>
    private static void Abandon(Operation operation, Exception error)
    {
        operation.Done?.TrySetException(error);
        if (operation.Kind is OperationKind.Complete or OperationKind.CloseIncomplete)
        {
            operation.Segment!.Dispose();
        }
    }

    private readonly record struct Operation(OperationKind Kind, SegmentFile? Segment, Lsn UpTo, TaskCompletionSource? Done);
}
