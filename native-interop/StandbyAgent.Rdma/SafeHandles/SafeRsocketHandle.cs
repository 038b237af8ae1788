using System.Runtime.InteropServices;

namespace StandbyAgent.Rdma;

/// <summary>
/// An rsocket index. librdmacm crashes the process when a data call names an index that is not
/// open, so every call holds a <see cref="Lease"/>: a closed handle throws ObjectDisposedException
/// instead, and a close waits until no call is using the index.
/// </summary>
public sealed class SafeRsocketHandle : SafeHandle
{
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public SafeRsocketHandle()
        : base(-1, ownsHandle: true)
    {
    }

    internal SafeRsocketHandle(int index)
        : this()
    {
        SetHandle(index);
    }

    public override bool IsInvalid => handle == -1;

    /// <summary>Completes once rclose has returned, which can take long for a connection (it drains queued sends).</summary>
    public Task Closed => _closed.Task;

    /// <summary>
    /// Set once the rsocket connects or was accepted: from then on rclose may block, so it gets a
    /// thread of its own. Before that it returns at once, and runs where the handle is released:
    /// rclose frees the descriptor before librdmacm forgets its number, and a descriptor the same
    /// thread opens next (an eventfd) could otherwise be taken for the closed rsocket.
    /// </summary>
    internal bool MayBlockOnClose { get; set; }

    /// <summary>The index, held open until the lease is disposed.</summary>
    internal Lease Acquire() => new(this);

    /// <summary>
    /// A connection's rclose drains queued sends and can block indefinitely on a broken fabric, so it
    /// never runs on the thread that releases the handle, which may be the finalizer.
    /// </summary>
    protected override bool ReleaseHandle()
    {
        int index = (int)handle;
        if (!MayBlockOnClose)
        {
            Close(index);
            return true;
        }

        new Thread(() => Close(index)) { IsBackground = true, Name = "rclose" }.Start();
        return true;
    }

    private void Close(int index)
    {
        Interop.Rdmacm.RClose(index);
        _closed.TrySetResult();
    }

    /// <summary>One call's hold on the index (DangerousAddRef until disposed).</summary>
    internal readonly ref struct Lease : IDisposable
    {
        private readonly SafeRsocketHandle _handle;

        public Lease(SafeRsocketHandle handle)
        {
            bool added = false;
            handle.DangerousAddRef(ref added);
            _handle = handle;
            Index = (int)handle.DangerousGetHandle();
        }

        public int Index { get; }

        public void Dispose() => _handle.DangerousRelease();
    }
}
