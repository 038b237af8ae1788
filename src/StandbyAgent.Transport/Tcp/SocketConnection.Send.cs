using System.Net.Sockets;

namespace StandbyAgent.Transport.Tcp;

internal sealed partial class SocketConnection
{
    private async Task DoSendAsync() =>
        TrySetShutdownReason(await SendLoop.RunAsync(_output.Reader, SendAllAsync, _closing.Token));

    private async ValueTask SendAllAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken)
    {
        while (!buffer.IsEmpty)
        {
            int sent = await _socket.SendAsync(buffer, SocketFlags.None, cancellationToken);
            buffer = buffer[sent..];
        }
    }
}
