using System.IO.Pipelines;
using System.Net.Sockets;

namespace StandbyAgent.Transport.Tcp;

internal sealed partial class SocketConnection
{
    private async Task DoReceiveAsync()
    {
        Exception? error = null;
        PipeWriter writer = _input.Writer;
        try
        {
            while (true)
            {
                Memory<byte> buffer = writer.GetMemory(TransportPipes.MinimumReceiveSize);
                int received = await _socket.ReceiveAsync(buffer, SocketFlags.None, _closing.Token);
                if (received == 0)
                {
                    TrySetShutdownReason(ShutdownReason.RemoteClose);
                    break;
                }

                writer.Advance(received);
                FlushResult flush = await writer.FlushAsync(_closing.Token);
                if (flush.IsCompleted || flush.IsCanceled)
                {
                    TrySetShutdownReason(ShutdownReason.Aborted);
                    break;
                }
            }
        }
        catch (OperationCanceledException)
        {
            TrySetShutdownReason(ShutdownReason.LocalClose);
        }
        catch (ObjectDisposedException)
        {
            TrySetShutdownReason(ShutdownReason.LocalClose);
        }
        catch (SocketException ex)
        {
            TrySetShutdownReason(ShutdownReason.NetworkError);
            error = new TransportException($"connection to {RemoteAddress} failed: {ex.Message}", ex);
        }
        finally
        {
            await writer.CompleteAsync(error);
        }
    }
}
