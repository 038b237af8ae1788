using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static partial class Rdmacm
    {
        /// <summary>
        /// int rconnect(int socket, const struct sockaddr *addr, socklen_t addrlen). On a
        /// nonblocking rsocket: -1 with EINPROGRESS, then rpoll for POLLOUT and read SO_ERROR.
        /// Blocking, it can retry address and route resolution for minutes.
        /// </summary>
        [LibraryImport(Libraries.Rdmacm, EntryPoint = "rconnect", SetLastError = true)]
        internal static unsafe partial int RConnect(int socket, byte* address, uint addressLength);
    }
}
