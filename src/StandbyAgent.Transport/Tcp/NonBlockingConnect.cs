using System.Net;
using System.Net.Sockets;

namespace StandbyAgent.Transport.Tcp;

/// <summary>
/// Connects a socket that .NET's socket engine never sees. An async connect registers the socket
/// with the runtime's epoll thread for good, and from then on every packet that arrives wakes
/// that thread and a thread-pool worker behind it, although this transport reads on a thread of
/// its own: on a synchronous standby that was most of the CPU spent per commit. A socket put in
/// non-blocking mode by its owner keeps every call a plain system call, so the connect starts
/// here and is waited for with poll(2).
/// </summary>
internal static class NonBlockingConnect
{
    /// <summary>Connects <paramref name="socket"/>, which is set non-blocking, to <paramref name="endPoint"/>.</summary>
    /// <exception cref="SocketException">The connection was refused or failed.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled first.</exception>
    public static async Task ConnectAsync(Socket socket, EndPoint endPoint, CancellationToken cancellationToken)
    {
        socket.Blocking = false;
        try
        {
            socket.Connect(endPoint);
            return;
        }
        catch (SocketException ex) when (ex.SocketErrorCode is SocketError.WouldBlock or SocketError.InProgress)
        {
            // A Unix-domain connect is never in progress: EAGAIN means the server's accept queue
            // is full, and a wait would only report a socket that never connected.
            if (endPoint is UnixDomainSocketEndPoint)
            {
                throw new SocketException((int)SocketError.TryAgain, "the server's queue of connections waiting to be accepted is full");
            }

            // The TCP handshake goes on in the kernel; the socket turns writable when it is over.
        }

        // A thread of its own: a connect to a distant server may take the kernel's whole SYN retry time.
        await Task.Factory.StartNew(
            () => WaitUntilConnected(socket, cancellationToken),
            cancellationToken,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
    }

    private static void WaitUntilConnected(Socket socket, CancellationToken cancellationToken)
    {
        while (!WritableWait.OneSlice(socket, cancellationToken))
        {
            ThrowIfFailed(socket);
        }

        ThrowIfFailed(socket);
    }

    /// <summary>The outcome of the handshake, which the kernel keeps in SO_ERROR.</summary>
    private static void ThrowIfFailed(Socket socket)
    {
        var error = (SocketError)(int)socket.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Error)!;
        if (error != SocketError.Success)
        {
            throw new SocketException((int)error);
        }
    }
}
