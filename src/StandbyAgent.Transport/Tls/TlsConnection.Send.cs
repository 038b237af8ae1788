using System.Buffers;
using System.IO.Pipelines;
using System.Security.Authentication;

namespace StandbyAgent.Transport.Tls;

public sealed partial class TlsConnection
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
                    await _ssl.WriteAsync(segment, _closing.Token);
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
        catch (Exception ex) when (ex is IOException or AuthenticationException)
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
