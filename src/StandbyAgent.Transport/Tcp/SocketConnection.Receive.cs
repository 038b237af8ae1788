using System.IO.Pipelines;
using System.Net.Sockets;

namespace StandbyAgent.Transport.Tcp;

internal sealed partial class SocketConnection
{
    /// <summary>
    /// The receive loop runs on a thread of its own, reading into the pipe's pinned memory; the
    /// protocol's reader continues inline inside the flush, so one thread receives, parses and
    /// writes WAL the way pg_receivewal does, with no hand-off per read (and nothing allocated
    /// for one). The socket is non-blocking and never registered with .NET's socket
    /// engine (see <see cref="NonBlockingConnect"/>), so a read is recv(2) and a wait is poll(2),
    /// both on this thread. Shutting the socket down ends a wait.
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
                int received;
                SocketError result;
                lock (_receiveGate)
                {
                    // A closing connection reads nothing more: see DisposeAsync.
                    if (_closing.IsCancellationRequested)
                    {
                        break;
                    }

                    received = _socket.Receive(buffer.Span, SocketFlags.None, out result);
                }

                if (result == SocketError.WouldBlock)
                {
                    // Whatever woke the wait (data, the end of the stream, an error), the next read says.
                    _socket.Poll(-1, SelectMode.SelectRead);
                    continue;
                }

                if (result != SocketError.Success)
                {
                    throw new SocketException((int)result);
                }

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
