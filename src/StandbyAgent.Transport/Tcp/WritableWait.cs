using System.Net.Sockets;

namespace StandbyAgent.Transport.Tcp;

/// <summary>
/// Waiting for a socket to turn writable (a connect finished, room to send) with poll(2), in
/// slices, so a cancellation is noticed within one slice.
/// </summary>
internal static class WritableWait
{
    private const int SliceMicroseconds = 100_000;

    /// <summary>True when the socket turned writable (or failed) within one slice.</summary>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public static bool OneSlice(Socket socket, CancellationToken cancellationToken)
    {
        bool ready = socket.Poll(SliceMicroseconds, SelectMode.SelectWrite);
        cancellationToken.ThrowIfCancellationRequested();
        return ready;
    }
}
