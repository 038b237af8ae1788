using System.Net.Sockets;
using System.Runtime.InteropServices;
using StandbyAgent.Rdma;

namespace StandbyAgent.Transport.Tcp;

/// <summary>
/// The receive thread's own recv(2) and poll(2). A socket that was connected or written with
/// .NET's async calls is non-blocking, and Socket.Receive on it waits for .NET's epoll thread to
/// wake it: a futex hand-off per read, which strace showed to be most of a synchronous
/// standby's CPU per commit. Waiting in poll on this thread costs one system call instead.
/// </summary>
internal static unsafe partial class SocketReceiveCalls
{
    private const short POLLIN = 0x001;

    /// <summary>Bytes received into <paramref name="buffer"/>, waiting for some; 0 at the end of the stream.</summary>
    /// <exception cref="SocketException">The connection failed.</exception>
    /// <exception cref="ObjectDisposedException">The socket was closed.</exception>
    public static int Receive(SafeSocketHandle socket, Span<byte> buffer)
    {
        while (true)
        {
            nint received;
            fixed (byte* start = buffer)
            {
                received = Recv(socket, start, buffer.Length, 0);
            }

            if (received >= 0)
            {
                return (int)received;
            }

            int errno = Marshal.GetLastPInvokeError();
            if (errno == Errno.EAGAIN)
            {
                WaitUntilReadable(socket);
            }
            else if (errno != Errno.EINTR)
            {
                throw new SocketException((int)ToSocketError(errno), Marshal.GetPInvokeErrorMessage(errno));
            }
        }
    }

    /// <summary>Closing the socket (shutdown first, as the connection's dispose does) ends the wait.</summary>
    private static void WaitUntilReadable(SafeSocketHandle socket)
    {
        bool referenced = false;
        socket.DangerousAddRef(ref referenced);
        try
        {
            var descriptor = new PollDescriptor { Descriptor = (int)socket.DangerousGetHandle(), Events = POLLIN };
            while (Poll(&descriptor, 1, -1) < 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                if (errno != Errno.EINTR)
                {
                    throw new SocketException((int)ToSocketError(errno), Marshal.GetPInvokeErrorMessage(errno));
                }
            }
        }
        finally
        {
            if (referenced)
            {
                socket.DangerousRelease();
            }
        }
    }

    /// <summary>The Linux errno values a connected stream socket reports, as SocketError names them.</summary>
    private static SocketError ToSocketError(int errno) => errno switch
    {
        32 => SocketError.Shutdown,
        101 => SocketError.NetworkUnreachable,
        103 => SocketError.ConnectionAborted,
        104 => SocketError.ConnectionReset,
        107 => SocketError.NotConnected,
        110 => SocketError.TimedOut,
        113 => SocketError.HostUnreachable,
        _ => SocketError.SocketError,
    };

    [LibraryImport("libc", EntryPoint = "recv", SetLastError = true)]
    private static partial nint Recv(SafeSocketHandle socket, byte* buffer, nint length, int flags);

    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    private static partial int Poll(PollDescriptor* descriptors, nuint count, int timeoutMilliseconds);

    /// <summary>struct pollfd.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct PollDescriptor
    {
        public int Descriptor;
        public short Events;
        public short ReturnedEvents;
    }
}
