using System.Runtime.InteropServices;

namespace StandbyAgent.Rdma;

/// <summary>
/// rpoll over rsockets and ordinary descriptors together. Every handle is held for the duration,
/// so none can be closed, and its number reused, while librdmacm looks at it.
/// </summary>
public static class RsocketPoll
{
    /// <summary>The most entries one call takes: an I/O thread polls its rsocket, a peer socket and a wake-up event.</summary>
    public const int MaxEntries = 4;

    /// <param name="handles">The rsockets (<see cref="SafeRsocketHandle"/>) and descriptors to watch.</param>
    /// <param name="events">What to wait for on each; replaced by what happened.</param>
    /// <param name="timeoutMilliseconds">-1 waits for ever; 0 only looks.</param>
    /// <returns>How many entries have events; 0 when the time ran out.</returns>
    public static unsafe int Poll(ReadOnlySpan<SafeHandle> handles, Span<PollEvents> events, int timeoutMilliseconds)
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
