using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static partial class Rdmacm
    {
        /// <summary>struct pollfd (8 bytes).</summary>
        [StructLayout(LayoutKind.Sequential)]
        internal struct PollFd
        {
            public int Fd;
            public short Events;
            public short Revents;
        }

        /// <summary>
        /// int rpoll(struct pollfd *fds, nfds_t nfds, int timeout). Takes rsockets and ordinary file
        /// descriptors (an eventfd, a kernel socket) together. Returns how many entries have events,
        /// 0 on timeout, or -1 (EINTR when interrupted). Before rdma-core 63 a positive timeout that
        /// runs out corrupts librdmacm's poller count: pass only -1 or 0.
        /// </summary>
        [LibraryImport(Libraries.Rdmacm, EntryPoint = "rpoll", SetLastError = true)]
        internal static unsafe partial int RPoll(PollFd* fds, nuint count, int timeoutMilliseconds);
    }
}
