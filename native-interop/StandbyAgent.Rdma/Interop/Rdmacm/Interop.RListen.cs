using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static partial class Rdmacm
    {
        /// <summary>int rlisten(int socket, int backlog); 0 or -1.</summary>
        [LibraryImport(Libraries.Rdmacm, EntryPoint = "rlisten", SetLastError = true)]
        internal static partial int RListen(int socket, int backlog);

        /// <summary>
        /// int raccept(int socket, struct sockaddr *addr, socklen_t *addrlen). Returns the new
        /// rsocket, or -1 (EAGAIN on a nonblocking listener with nothing queued).
        /// </summary>
        [LibraryImport(Libraries.Rdmacm, EntryPoint = "raccept", SetLastError = true)]
        internal static unsafe partial int RAccept(int socket, byte* address, uint* addressLength);
    }
}
