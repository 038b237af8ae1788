using System.IO.Pipelines;
using System.Security.Authentication;

namespace StandbyAgent.Transport.Tls;

public sealed partial class TlsConnection
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
                int received = await _ssl.ReadAsync(buffer, _closing.Token);
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
        catch (Exception ex) when (ex is IOException or AuthenticationException)
        {
            TrySetShutdownReason(ShutdownReason.NetworkError);
            error = Failure(ex);
        }
        finally
        {
            await writer.CompleteAsync(error);
        }
    }

    /// <summary>The transport's own failure as it is; anything else is a TLS failure, said as libpq says it.</summary>
    private static TransportException Failure(Exception ex) =>
        ex as TransportException
        ?? ex.InnerException as TransportException
        ?? new TransportException($"SSL error: {ex.Message}", ex);
}
