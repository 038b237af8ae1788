using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;

namespace StandbyAgent.Storage.Tests;

/// <summary>
/// The durability worker runs fsyncs and renames in queue order, merges syncs of one segment
/// queued back to back, and stops for good at the first failure (R8, R11, I6). To queue work
/// while it is busy, a test holds the worker inside its first flush callback.
/// </summary>
public sealed class DurabilityWorkerTests : IDisposable
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    private readonly TempDirectory _temp = new();
    private readonly ManualResetEventSlim _inFirstCallback = new();
    private readonly ManualResetEventSlim _release = new();
    private readonly ConcurrentQueue<(Lsn Flushed, string[] Names)> _reports = new();

    public void Dispose()
    {
        _release.Set();
        _inFirstCallback.Dispose();
        _release.Dispose();
        _temp.Dispose();
    }

    [Fact]
    public async Task Syncs_of_one_segment_queued_while_the_worker_is_busy_merge_into_one()
    {
        using WalDirectory directory = Open(sync: true);
        using SegmentFile segment = directory.OpenSegment(1, 3, TestWal.SegmentSize);
        using DurabilityWorker worker = StartBusyWorker(directory, segment);

        worker.EnqueueSync(segment, segment.Start + 20);
        worker.EnqueueSync(segment, segment.Start + 30);
        worker.EnqueueSync(segment, segment.Start + 40);
        _release.Set();
        await worker.WhenDoneAsync().WaitAsync(s_timeout);

        Assert.Equal([segment.Start + 10, segment.Start + 40], Flushes());
        Assert.Equal(segment.Start + 40, worker.Flushed);
    }

    [Fact]
    public async Task Operations_run_in_the_order_they_were_queued_and_a_complete_segment_is_renamed_before_it_is_reported()
    {
        using WalDirectory directory = Open(sync: true);
        using SegmentFile segment3 = directory.OpenSegment(1, 3, TestWal.SegmentSize);
        using SegmentFile segment4 = directory.OpenSegment(1, 4, TestWal.SegmentSize);
        using DurabilityWorker worker = StartBusyWorker(directory, segment3);

        worker.EnqueueSync(segment3, segment3.Start + 500);
        worker.EnqueueComplete(segment3);
        worker.EnqueueSync(segment4, segment4.Start + 100);
        worker.EnqueueSync(segment4, segment4.Start + 200);
        worker.EnqueueCloseIncomplete(segment4, segment4.Start + 300);
        _release.Set();
        await worker.WhenDoneAsync().WaitAsync(s_timeout);

        Assert.Equal([segment3.Start + 10, segment3.Start + 500, segment3.End, segment4.Start + 200, segment4.Start + 300], Flushes());
        (Lsn _, string[] namesAtCompletion) = _reports.ElementAt(2);
        Assert.Contains(TestWal.Name(3), namesAtCompletion);
        Assert.DoesNotContain(TestWal.PartialName(3), namesAtCompletion);
        Assert.Equal([TestWal.Name(3), TestWal.PartialName(4), WalDirectory.LockFileName], _temp.Names());
        Assert.True(segment3.Handle.IsClosed);
        Assert.True(segment4.Handle.IsClosed);
    }

    [Fact]
    public void A_sync_asked_for_while_the_worker_is_idle_runs_on_the_calling_thread_and_is_reported_before_it_returns()
    {
        using WalDirectory directory = Open(sync: true);
        using SegmentFile segment = directory.OpenSegment(1, 3, TestWal.SegmentSize);
        var reportedOn = new ConcurrentQueue<int>();
        using var worker = new DurabilityWorker(directory, segment.Start, _ => reportedOn.Enqueue(Environment.CurrentManagedThreadId), syncCompleted: null);

        worker.SyncInlineOrEnqueue(segment, segment.Start + 100);

        Assert.Equal(segment.Start + 100, worker.Flushed);
        Assert.Equal([Environment.CurrentManagedThreadId], reportedOn);
    }

    [Fact]
    public async Task A_sync_asked_for_while_the_worker_is_busy_waits_its_turn_behind_the_queue()
    {
        using WalDirectory directory = Open(sync: true);
        using SegmentFile segment3 = directory.OpenSegment(1, 3, TestWal.SegmentSize);
        using SegmentFile segment4 = directory.OpenSegment(1, 4, TestWal.SegmentSize);
        using DurabilityWorker worker = StartBusyWorker(directory, segment3);

        worker.EnqueueComplete(segment3);
        worker.SyncInlineOrEnqueue(segment4, segment4.Start + 100);

        Assert.Equal(segment3.Start + 10, worker.Flushed);
        _release.Set();
        await worker.WhenDoneAsync().WaitAsync(s_timeout);
        Assert.Equal([segment3.Start + 10, segment3.End, segment4.Start + 100], Flushes());
    }

    [Fact]
    public async Task A_failed_inline_sync_stops_the_worker_for_good_and_a_sync_queued_after_it_never_runs()
    {
        using WalDirectory directory = Open(sync: true);
        using SegmentFile segment3 = directory.OpenSegment(1, 3, TestWal.SegmentSize);
        SegmentFile segment4 = directory.OpenSegment(1, 4, TestWal.SegmentSize);
        var reports = new ConcurrentQueue<Lsn>();
        using var worker = new DurabilityWorker(directory, segment3.Start, reports.Enqueue, syncCompleted: null);
        segment4.Dispose();

        worker.SyncInlineOrEnqueue(segment4, segment4.Start + 100);

        Assert.NotNull(worker.Fault);
        worker.EnqueueSync(segment3, segment3.Start + 50);
        Exception later = await Assert.ThrowsAnyAsync<Exception>(() => worker.WhenDoneAsync().WaitAsync(s_timeout));
        Assert.Same(worker.Fault, later);
        Assert.Equal(segment3.Start, worker.Flushed);
        Assert.All(reports, reported => Assert.Equal(segment3.Start, reported));
    }

    [Theory]
    [InlineData(true, 3)]
    [InlineData(false, 0)]
    public async Task Each_fsync_operation_reports_its_duration_and_none_is_reported_without_sync(bool sync, int expectedReports)
    {
        using WalDirectory directory = Open(sync);
        using SegmentFile segment3 = directory.OpenSegment(1, 3, TestWal.SegmentSize);
        using SegmentFile segment4 = directory.OpenSegment(1, 4, TestWal.SegmentSize);
        var durations = new ConcurrentQueue<TimeSpan>();
        using var worker = new DurabilityWorker(directory, segment3.Start, flushAdvanced: null, durations.Enqueue);

        worker.EnqueueSync(segment3, segment3.Start + 10);
        worker.EnqueueComplete(segment3);
        worker.EnqueueCloseIncomplete(segment4, segment4.Start + 10);
        await worker.WhenDoneAsync().WaitAsync(s_timeout);

        Assert.Equal(expectedReports, durations.Count);
        Assert.All(durations, duration => Assert.True(duration > TimeSpan.Zero, $"an fsync took {duration}"));
    }

    [Fact]
    public async Task A_sync_that_would_move_the_position_backwards_is_not_reported()
    {
        using WalDirectory directory = Open(sync: true);
        using SegmentFile segment = directory.OpenSegment(1, 3, TestWal.SegmentSize);
        using DurabilityWorker worker = StartHeldWorker(directory, segment.Start + 1000);
        _release.Set();

        worker.EnqueueSync(segment, segment.Start + 500);
        await worker.WhenDoneAsync().WaitAsync(s_timeout);

        Assert.Empty(Flushes());
        Assert.Equal(segment.Start + 1000, worker.Flushed);
    }

    [Fact]
    public async Task With_sync_off_the_work_is_done_but_nothing_is_reported_flushed()
    {
        using WalDirectory directory = Open(sync: false);
        SegmentFile segment = directory.OpenSegment(1, 3, TestWal.SegmentSize);
        using DurabilityWorker worker = StartHeldWorker(directory, segment.Start);
        _release.Set();

        worker.EnqueueSync(segment, segment.Start + 100);
        worker.EnqueueComplete(segment);
        await worker.WhenDoneAsync().WaitAsync(s_timeout);

        Assert.Empty(Flushes());
        Assert.Equal(segment.Start, worker.Flushed);
        Assert.Equal([TestWal.Name(3), WalDirectory.LockFileName], _temp.Names());
    }

    [Fact]
    public async Task WhenDoneAsync_completes_only_after_the_work_queued_before_it()
    {
        using WalDirectory directory = Open(sync: true);
        using SegmentFile segment = directory.OpenSegment(1, 3, TestWal.SegmentSize);
        using DurabilityWorker worker = StartBusyWorker(directory, segment);

        Task done = worker.WhenDoneAsync();
        await Task.Delay(200);
        Assert.False(done.IsCompleted);

        _release.Set();
        await done.WaitAsync(s_timeout);
        Assert.Equal(segment.Start + 10, worker.Flushed);
    }

    [Fact]
    public void Dispose_finishes_the_work_already_queued()
    {
        using WalDirectory directory = Open(sync: true);
        SegmentFile segment = directory.OpenSegment(1, 3, TestWal.SegmentSize);
        DurabilityWorker worker = StartHeldWorker(directory, segment.Start);
        _release.Set();

        worker.EnqueueComplete(segment);
        worker.Dispose();

        Assert.Equal(segment.End, worker.Flushed);
        Assert.Equal([TestWal.Name(3), WalDirectory.LockFileName], _temp.Names());
    }

    /// <summary>
    /// The segment's file is removed behind the agent's back (reliability.md F8), so completing it
    /// fails for real (rename: ENOENT). Nothing queued after the failure may run or be reported,
    /// and the worker refuses all later work with the same error.
    /// </summary>
    [Fact]
    public async Task The_first_failure_stops_the_worker_for_good_and_nothing_after_it_is_reported()
    {
        using WalDirectory directory = Open(sync: true);
        using SegmentFile segment3 = directory.OpenSegment(1, 3, TestWal.SegmentSize);
        using SegmentFile segment4 = directory.OpenSegment(1, 4, TestWal.SegmentSize);
        using DurabilityWorker worker = StartBusyWorker(directory, segment3);

        File.Delete(segment3.InProgressPath);
        worker.EnqueueComplete(segment3);
        worker.EnqueueSync(segment4, segment4.Start + 100);
        Task done = worker.WhenDoneAsync();
        _release.Set();

        WalStorageException error = await Assert.ThrowsAsync<WalStorageException>(() => done.WaitAsync(s_timeout));
        Assert.StartsWith($"rename(\"{segment3.InProgressPath}\" to \"{segment3.FinalPath}\") failed", error.Message, StringComparison.Ordinal);
        Assert.Same(error, worker.Fault);
        Assert.Equal(segment3.Start + 10, worker.Flushed);

        // The failure wakes the writer with the unchanged position (after failing the waiters); nothing beyond it is ever reported.
        Assert.True(SpinWait.SpinUntil(() => _reports.Count >= 2, s_timeout), "the failure was not reported to the callback");
        Assert.Equal([segment3.Start + 10, segment3.Start + 10], Flushes());

        worker.EnqueueSync(segment4, segment4.Start + 200);
        Task later = worker.WhenDoneAsync();
        Assert.True(later.IsFaulted, "work queued after the failure must fail at once");
        Assert.Same(error, later.Exception!.InnerException);
        Assert.Equal(segment3.Start + 10, worker.Flushed);
        Assert.Equal([TestWal.PartialName(4), WalDirectory.LockFileName], _temp.Names());
    }

    private WalDirectory Open(bool sync) => WalDirectory.Open(_temp.Path, WalDirectoryMode.Archive, sync, NullLogger.Instance);

    /// <summary>A worker whose flush callback records each report and holds the first one until released.</summary>
    private DurabilityWorker StartHeldWorker(WalDirectory directory, Lsn initialFlush) =>
        new(directory, initialFlush, flushed =>
        {
            _reports.Enqueue((flushed, _temp.Names()));
            _inFirstCallback.Set();
            _release.Wait(s_timeout);
        },
        syncCompleted: null);

    /// <summary>A worker held inside the report of its first sync (10 bytes of <paramref name="first"/>): whatever is queued now waits.</summary>
    private DurabilityWorker StartBusyWorker(WalDirectory directory, SegmentFile first)
    {
        DurabilityWorker worker = StartHeldWorker(directory, first.Start);
        worker.EnqueueSync(first, first.Start + 10);
        WaitUntilHeld();
        return worker;
    }

    private void WaitUntilHeld() => Assert.True(_inFirstCallback.Wait(s_timeout), "the worker never reported its first flush");

    private Lsn[] Flushes() => [.. _reports.Select(report => report.Flushed)];
}
