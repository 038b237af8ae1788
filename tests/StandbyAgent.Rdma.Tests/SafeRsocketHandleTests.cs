namespace StandbyAgent.Rdma.Tests;

public sealed class SafeRsocketHandleTests
{
    /// <summary>An index librdmacm never handed out: rclose answers a positive EBADF and touches nothing.</summary>
    private const int UnknownIndex = 4093;

    [Fact]
    public void A_closed_handle_refuses_calls_instead_of_letting_librdmacm_crash_the_process()
    {
        Assert.True(RdmacmLibrary.TryLoad(out string? problem), problem);
        var handle = new SafeRsocketHandle(UnknownIndex);

        handle.Dispose();

        Assert.Throws<ObjectDisposedException>(() =>
        {
            using SafeRsocketHandle.Lease lease = handle.Acquire();
        });
    }

    [Fact]
    public void An_rsocket_that_never_connected_is_closed_before_dispose_returns()
    {
        Assert.True(RdmacmLibrary.TryLoad(out string? problem), problem);
        var handle = new SafeRsocketHandle(UnknownIndex);

        handle.Dispose();

        Assert.True(handle.Closed.IsCompleted);
    }

    [Fact]
    public async Task A_connections_close_finishes_in_the_background()
    {
        Assert.True(RdmacmLibrary.TryLoad(out string? problem), problem);
        var handle = new SafeRsocketHandle(UnknownIndex) { MayBlockOnClose = true };

        handle.Dispose();

        await handle.Closed.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Closing_waits_for_a_call_that_holds_the_index()
    {
        Assert.True(RdmacmLibrary.TryLoad(out string? problem), problem);
        var handle = new SafeRsocketHandle(UnknownIndex) { MayBlockOnClose = true };
        bool held = false;

        // What a Lease does for the duration of a call (a ref struct cannot live across the awaits here).
        handle.DangerousAddRef(ref held);
        handle.Dispose();
        await Task.Delay(200);
        Assert.False(handle.Closed.IsCompleted);

        handle.DangerousRelease();
        await handle.Closed.WaitAsync(TimeSpan.FromSeconds(5));
    }
}
