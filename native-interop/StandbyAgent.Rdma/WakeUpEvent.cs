using Microsoft.Win32.SafeHandles;

namespace StandbyAgent.Rdma;

/// <summary>
/// An eventfd an I/O thread polls next to its rsocket: any thread signals it to wake that thread
/// (new output, a reader that caught up, a request to stop) without touching the rsocket.
/// </summary>
public sealed class WakeUpEvent : IDisposable
{
    private readonly SafeFileHandle _handle;

    public WakeUpEvent()
    {
        _handle = Interop.Libc.EventFd(0, Interop.Libc.EFD_NONBLOCK | Interop.Libc.EFD_CLOEXEC);
        if (_handle.IsInvalid)
        {
            throw RsocketException.FromLastError("eventfd");
        }
    }

    /// <summary>What <see cref="RsocketPoll"/> waits on.</summary>
    public SafeFileHandle Handle => _handle;

    /// <summary>Wakes the polling thread. A signal that arrives after disposal is dropped: nobody is polling any more.</summary>
    public void Signal()
    {
        try
        {
            Interop.Libc.EventFdWrite(_handle, 1);
        }
        catch (ObjectDisposedException)
        {
            // A pipe continuation can fire after its connection was closed; there is nothing left to wake.
        }
    }

    /// <summary>Resets the counter after a wake-up, so the next poll sleeps again.</summary>
    public unsafe void Reset()
    {
        ulong value;
        Interop.Libc.EventFdRead(_handle, &value);
    }

    public void Dispose() => _handle.Dispose();
}
