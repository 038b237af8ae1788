using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Security.Authentication;

namespace StandbyAgent.Transport;

/// <summary>
/// Moves a connection's send pipe onto the wire until the pipe completes or the connection
/// closes: the same loop for every transport that sends with an awaitable call.
/// </summary>
internal static class SendLoop
{
    /// <param name="reader">The send pipe's reader.</param>
    /// <param name="send">Sends one buffer completely.</param>
    /// <param name="closing">Cancelled when the connection closes.</param>
    /// <returns>Why sending stopped; <see cref="ShutdownReason.None"/> when the pipe was completed normally.</returns>
    public static async Task<ShutdownReason> RunAsync(PipeReader reader, Func<ReadOnlyMemory<byte>, CancellationToken, ValueTask> send, CancellationToken closing)
    {
        try
        {
            while (true)
            {
                ReadResult result = await reader.ReadAsync(closing);
                ReadOnlySequence<byte> buffer = result.Buffer;
                foreach (ReadOnlyMemory<byte> segment in buffer)
                {
                    await send(segment, closing);
                }

                reader.AdvanceTo(buffer.End);
                if (result.IsCompleted || result.IsCanceled)
                {
                    return ShutdownReason.None;
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
        {
            return ShutdownReason.LocalClose;
        }
        catch (Exception ex) when (ex is IOException or SocketException or AuthenticationException)
        {
            // The receive side sees the same failure and reports it through the input pipe.
            return ShutdownReason.NetworkError;
        }
        finally
        {
            await reader.CompleteAsync();
        }
    }
}
