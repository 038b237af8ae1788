using System.IO.Pipelines;
using System.Net.Sockets;

namespace StandbyAgent.Transport.Tcp;

internal sealed partial class SocketConnection
{
    /// <summary>
    /// The receive loop runs on a thread of its own with blocking reads into the pipe's pinned
    /// memory; the protocol's reader continues inline inside the flush, so one thread receives,
    /// parses and writes WAL the way pg_receivewal does, with no hand-off per read (and nothing
    /// allocated for one). Shutting the socket down ends a blocked read.
    /// </summary>
    private void DoReceive()
    {
        Exception? error = null;
        PipeWriter writer = _input.Writer;
        try
        {
            while (true)
            {
                Memory<byte> buffer = writer.GetMemory(TransportPipes.MinimumReceiveSize);
                int received = SocketReceiveCalls.Receive(_socket.SafeHandle, buffer.Span);
                if (received == 0)
                {
                    TrySetShutdownReason(ShutdownReason.RemoteClose);
                    break;
                }

                writer.Advance(received);
                ValueTask<FlushResult> pending = writer.FlushAsync();

                // Only backpressure leaves the flush pending; this thread has nothing else to do.
                FlushResult flush = pending.IsCompleted ? pending.Result : pending.AsTask().GetAwaiter().GetResult();
                if (flush.IsCompleted || flush.IsCanceled)
                {
                    TrySetShutdownReason(ShutdownReason.Aborted);
                    break;
                }
            }
        }
        catch (ObjectDisposedException)
        {
            TrySetShutdownReason(ShutdownReason.LocalClose);
        }
        catch (SocketException ex) when (ShutdownReason == ShutdownReason.LocalClose)
        {
            // The local side closed the socket under the blocked read: not a network failure.
            _ = ex;
        }
        catch (SocketException ex)
        {
            TrySetShutdownReason(ShutdownReason.NetworkError);
            error = new TransportException($"connection to {RemoteAddress} failed: {ex.Message}", ex);
        }
        finally
        {
            writer.Complete(error);
        }
    }
}
