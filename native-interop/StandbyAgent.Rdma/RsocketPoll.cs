using System.Runtime.InteropServices;

namespace StandbyAgent.Rdma;

/// <summary>
/// rpoll over rsockets and ordinary descriptors together. Every handle is held for the duration,
/// so none can be closed, and its number reused, while librdmacm looks at it.
/// </summary>
/// <remarks>
/// There is no timeout. Before rdma-core 63, an rpoll whose timeout runs out returns without
/// leaving librdmacm's count of threads in poll (fixed by rdma-core commit a1747742e, "Fix rpoll in
/// case of timeout"); from then on every rpoll in the process spins in sched_yield. Waiting for ever
/// and only looking never reach that path, so deadlines are kept by signalling a
/// <see cref="WakeUpEvent"/> among the handles instead.
/// </remarks>
public static class RsocketPoll
{
    /// <summary>The most entries one call takes: an I/O thread polls its rsocket, a peer socket and wake-up events.</summary>
    public const int MaxEntries = 4;

    private const int Forever = -1;
    private const int NoWait = 0;

    /// <summary>Waits until at least one handle has one of its events.</summary>
    /// <param name="handles">The rsockets (<see cref="SafeRsocketHandle"/>) and descriptors to watch.</param>
    /// <param name="events">What to wait for on each; replaced by what happened.</param>
    /// <returns>How many entries have events.</returns>
    public static int Wait(ReadOnlySpan<SafeHandle> handles, Span<PollEvents> events) => Poll(handles, events, Forever);

    /// <summary>Looks without waiting.</summary>
    /// <returns>How many entries have events; 0 when none has.</returns>
    public static int Check(ReadOnlySpan<SafeHandle> handles, Span<PollEvents> events) => Poll(handles, events, NoWait);

    private static unsafe int Poll(ReadOnlySpan<SafeHandle> handles, Span<PollEvents> events, int timeoutMilliseconds)
    {
        if (handles.Length != events.Length || handles.Length > MaxEntries)
        {
            throw new ArgumentException($"give one event mask per handle, at most {MaxEntries}");
        }

        Interop.Rdmacm.PollFd* fds = stackalloc Interop.Rdmacm.PollFd[MaxEntries];
        int held = 0;
        try
        {
            for (; held < handles.Length; held++)
            {
                bool added = false;
                handles[held].DangerousAddRef(ref added);
                fds[held] = new Interop.Rdmacm.PollFd { Fd = (int)handles[held].DangerousGetHandle(), Events = (short)events[held] };
            }

            int ready;
            do
            {
                ready = Interop.Rdmacm.RPoll(fds, (nuint)handles.Length, timeoutMilliseconds);
            }
            while (Interop.Errors.Interrupted(ready));

            if (ready < 0)
            {
                throw RsocketException.FromLastError("rpoll");
            }

            for (int i = 0; i < handles.Length; i++)
            {
                events[i] = (PollEvents)fds[i].Revents;
            }

            return ready;
        }
        finally
        {
            for (int i = 0; i < held; i++)
            {
                handles[i].DangerousRelease();
            }
        }
    }
}
