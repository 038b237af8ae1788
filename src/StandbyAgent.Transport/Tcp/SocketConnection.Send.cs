using System.Net.Sockets;

namespace StandbyAgent.Transport.Tcp;

internal sealed partial class SocketConnection
{
    private async Task DoSendAsync() =>
        TrySetShutdownReason(await SendLoop.RunAsync(_output.Reader, SendAllAsync, _closing.Token));

    /// <summary>
    /// A send(2) on the thread that flushed the send pipe (the send loop runs inline), so a status
    /// update leaves the moment it is written.
    /// </summary>
    private async ValueTask SendAllAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken)
    {
        while (!buffer.IsEmpty)
        {
            int sent = _socket.Send(buffer.Span, SocketFlags.None, out SocketError result);
            if (result == SocketError.WouldBlock)
            {
                await WaitForRoomAsync(cancellationToken);
                continue;
            }

            if (result != SocketError.Success)
            {
                throw new SocketException((int)result);
            }

            buffer = buffer[sent..];
        }
    }

    /// <summary>
    /// The kernel's send buffer fills only when the server stops reading. The wait moves off the
    /// flushing thread, which may be the receive thread: it has to go on reading for the server to
    /// get unstuck. Whatever ends the wait, the next send says what it was.
    /// </summary>
    private Task WaitForRoomAsync(CancellationToken cancellationToken) =>
        Task.Run(() => WritableWait.OneSlice(_socket, cancellationToken), cancellationToken);
}
