using System.Runtime.InteropServices;
using StandbyAgent.Rdma;

namespace StandbyAgent.Transport.Rdma;

/// <summary>
/// The one loop that serves both directions: wait in rpoll, then receive what is there and send
/// what is queued, with nonblocking calls. Pipe continuations (a reader that caught up, new
/// output) only signal the wake-up event; they never touch the rsocket.
/// </summary>
internal sealed partial class RsocketConnection
{
    private void RunLoop()
    {
        Rsocket socket = _socket!;
        SafeHandle[] handles = [_wakeUp.Handle, socket.Handle];
        Span<PollEvents> events = stackalloc PollEvents[2];
        while (!_stopRequested)
        {
            if (!ResumeReceiving())
            {
                return;
            }

            bool sending = SendQueued(socket);
            bool receiving = _pendingFlush is null;
            events[0] = PollEvents.In;
            events[1] = (receiving ? PollEvents.In : PollEvents.None) | (sending ? PollEvents.Out : PollEvents.None);

            // With nothing to receive or send, only a wake-up matters: leave the rsocket out, or a
            // hang-up it reports would spin this loop while the reader catches up.
            int watched = receiving || sending ? 2 : 1;
            RsocketPoll.Wait(handles.AsSpan(0, watched), events[..watched]);
            if ((events[0] & PollEvents.In) != 0)
            {
                _wakeUp.Reset();
            }

            if (watched == 2 && (events[1] & (PollEvents.In | PollEvents.HangUp | PollEvents.Error)) != 0 && receiving && !Receive(socket))
            {
                return;
            }
        }

        // Stopping: what the protocol queued last (Terminate) still goes out; rclose delivers it.
        SendQueued(socket);
    }

    /// <returns>True when bytes are left that must wait for room in the send ring.</returns>
    private bool SendQueued(Rsocket socket)
    {
        // Each completed send starts the next read, which either has more or arms its wake-up.
        while (PrepareSend())
        {
            if (!Send(socket))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Releases what the thread waited for, so completing the pipes cannot race a continuation.</summary>
    private void AbandonPendingOperations()
    {
        // Cancelling completes them at once; their results must still be taken, once.
        if (_pendingFlush is { } flush)
        {
            _input.Writer.CancelPendingFlush();
            flush.GetAwaiter().GetResult();
            _pendingFlush = null;
        }

        if (_pendingRead is { } read)
        {
            _output.Reader.CancelPendingRead();
            read.GetAwaiter().GetResult();
            _pendingRead = null;
        }
    }
}
