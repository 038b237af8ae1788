using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;

namespace StandbyAgent.Transport.Tcp;

internal sealed partial class SocketConnection
{
    private async Task DoSendAsync()
    {
        PipeReader reader = _output.Reader;
        try
        {
            while (true)
            {
                ReadResult result = await reader.ReadAsync(_closing.Token);
                ReadOnlySequence<byte> buffer = result.Buffer;
                foreach (ReadOnlyMemory<byte> segment in buffer)
                {
                    for (ReadOnlyMemory<byte> rest = segment; !rest.IsEmpty;)
                    {
                        int sent = await _socket.SendAsync(rest, SocketFlags.None, _closing.Token);
                        rest = rest[sent..];
                    }
                }

                reader.AdvanceTo(buffer.End);
                if (result.IsCompleted || result.IsCanceled)
                {
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
        catch (SocketException)
        {
            // The receive loop sees the same failure and reports it through the input pipe.
            TrySetShutdownReason(ShutdownReason.NetworkError);
        }
        finally
        {
            await reader.CompleteAsync();
        }
    }
}
