using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static partial class Rdmacm
    {
        internal const int MSG_DONTWAIT = 0x40;

        /// <summary>
        /// ssize_t rrecv(int socket, void *buf, size_t len, int flags). Bytes copied out of the
        /// registered receive ring, 0 at end of stream or when the connection failed (read SO_ERROR
        /// to tell which), or -1. On an index that is not an open rsocket it crashes the process.
        /// </summary>
        [LibraryImport(Libraries.Rdmacm, EntryPoint = "rrecv", SetLastError = true)]
        internal static unsafe partial nint RRecv(int socket, byte* buffer, nuint length, int flags);
    }
}
