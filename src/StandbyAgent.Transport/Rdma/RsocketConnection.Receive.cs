using System.IO.Pipelines;
using StandbyAgent.Rdma;

namespace StandbyAgent.Transport.Rdma;

/// <summary>
/// Receiving: copy out of rsocket's ring straight into the pipe's pinned blocks, then flush. When
/// the reader falls behind, the flush stays pending and receiving pauses; rsocket's credits then
/// hold the primary back, as a full TCP window would.
/// </summary>
internal sealed partial class RsocketConnection
{
    /// <summary>Bytes taken per wake-up before the reader is given them: keeps the pipeline moving during a burst.</summary>
    private const int MaxReceivePerWakeUp = 1024 * 1024;

    private ValueTask<FlushResult>? _pendingFlush;
    private long _received;

    /// <returns>False when the end of the stream, a failure or a departed reader ended the connection.</returns>
    private bool Receive(Rsocket socket)
    {
        PipeWriter writer = _input.Writer;
        int taken = 0;
        while (taken < MaxReceivePerWakeUp)
        {
            Memory<byte> buffer = writer.GetMemory(TransportPipes.MinimumReceiveSize);
            if (!socket.TryReceive(buffer.Span, out int received))
            {
                break;
            }

            if (received == 0)
            {
                EndOfStream(socket);
                return false;
            }

            writer.Advance(received);
            taken += received;
            _received += received;
        }

        return taken == 0 || Flushed(writer.FlushAsync());
    }

    /// <summary>Checks a flush that was left pending; false when the reader went away meanwhile.</summary>
    private bool ResumeReceiving()
    {
        if (_pendingFlush is not { IsCompleted: true } flush)
        {
            return true;
        }

        _pendingFlush = null;
        return Flushed(flush);
    }

    private bool Flushed(ValueTask<FlushResult> flush)
    {
        if (!flush.IsCompleted)
        {
            _pendingFlush = flush;
            flush.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(_signal);
            return true;
        }

        FlushResult result = flush.GetAwaiter().GetResult();
        if (result.IsCompleted || result.IsCanceled)
        {
            TrySetShutdownReason(ShutdownReason.Aborted);
            return false;
        }

        return true;
    }

    /// <summary>rrecv returns 0 at the end of the stream and after a failure alike; SO_ERROR tells them apart.</summary>
    private void EndOfStream(Rsocket socket)
    {
        int error = socket.TakeError();
        if (error == 0)
        {
            TrySetShutdownReason(ShutdownReason.RemoteClose);
            return;
        }

        throw new RsocketException("rrecv", error);
    }
}
