using System.Diagnostics;
using System.Runtime.InteropServices;

namespace StandbyAgent.Rdma.Tests;

/// <summary>rpoll over ordinary descriptors, which it takes beside rsockets: the I/O threads' wake-up path.</summary>
public sealed class RsocketPollTests
{
    public RsocketPollTests()
    {
        Assert.True(RdmacmLibrary.TryLoad(out string? problem), problem);
    }

    [Fact]
    public async Task A_signal_from_another_thread_ends_the_wait()
    {
        using var wakeUp = new WakeUpEvent();
        Task<(int Ready, PollEvents Events, long ReturnedAt)> poll = Task.Factory.StartNew(
            () =>
            {
                PollEvents[] events = [PollEvents.In];
                int ready = RsocketPoll.Wait(new SafeHandle[] { wakeUp.Handle }, events);
                return (ready, events[0], Stopwatch.GetTimestamp());
            },
            TaskCreationOptions.LongRunning);

        await Task.Delay(300);
        long signalledAt = Stopwatch.GetTimestamp();
        wakeUp.Signal();
        (int ready, PollEvents events, long returnedAt) = await poll.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(1, ready);
        Assert.Equal(PollEvents.In, events);
        // Compared with the signal, not with when the thread started, which a loaded machine delays.
        Assert.True(returnedAt >= signalledAt, "the wait ended before the signal");
        Assert.InRange(Stopwatch.GetElapsedTime(signalledAt, returnedAt), TimeSpan.Zero, TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void Reset_makes_the_event_quiet_again()
    {
        using var wakeUp = new WakeUpEvent();
        wakeUp.Signal();
        wakeUp.Signal();
        PollEvents[] signalled = [PollEvents.In];
        PollEvents[] reset = [PollEvents.In];

        int before = RsocketPoll.Check(new SafeHandle[] { wakeUp.Handle }, signalled);
        wakeUp.Reset();
        int after = RsocketPoll.Check(new SafeHandle[] { wakeUp.Handle }, reset);

        Assert.Equal((1, PollEvents.In), (before, signalled[0]));
        Assert.Equal((0, PollEvents.None), (after, reset[0]));
    }

    [Fact]
    public void A_signal_after_disposal_is_dropped_rather_than_thrown_on_a_pool_thread()
    {
        var wakeUp = new WakeUpEvent();
        wakeUp.Dispose();

        wakeUp.Signal();

        Assert.True(wakeUp.Handle.IsClosed);
    }

    [Fact]
    public void Polling_a_closed_descriptor_is_refused()
    {
        var wakeUp = new WakeUpEvent();
        wakeUp.Dispose();

        Assert.Throws<ObjectDisposedException>(() => RsocketPoll.Check(new SafeHandle[] { wakeUp.Handle }, new PollEvents[1]));
    }
}
