using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static partial class Rdmacm
    {
        /// <summary>int rgetsockname(int socket, struct sockaddr *addr, socklen_t *addrlen); 0 or -1.</summary>
        [LibraryImport(Libraries.Rdmacm, EntryPoint = "rgetsockname", SetLastError = true)]
        internal static unsafe partial int RGetSockName(int socket, byte* address, uint* addressLength);

        /// <summary>int rgetpeername(int socket, struct sockaddr *addr, socklen_t *addrlen); 0 or -1.</summary>
        [LibraryImport(Libraries.Rdmacm, EntryPoint = "rgetpeername", SetLastError = true)]
        internal static unsafe partial int RGetPeerName(int socket, byte* address, uint* addressLength);
    }
}
