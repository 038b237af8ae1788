using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static partial class Rdmacm
    {
        /// <summary>
        /// ssize_t rsend(int socket, const void *buf, size_t len, int flags). Bytes copied into the
        /// registered send ring (possibly fewer than asked), or -1. Only MSG_DONTWAIT is honoured; it
        /// never raises SIGPIPE. On an index that is not an open rsocket it crashes the process.
        /// </summary>
        [LibraryImport(Libraries.Rdmacm, EntryPoint = "rsend", SetLastError = true)]
        internal static unsafe partial nint RSend(int socket, byte* buffer, nuint length, int flags);
    }
}
