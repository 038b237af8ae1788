using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static partial class Rdmacm
    {
        /// <summary>int rbind(int socket, const struct sockaddr *addr, socklen_t addrlen); 0 or -1.</summary>
        [LibraryImport(Libraries.Rdmacm, EntryPoint = "rbind", SetLastError = true)]
        internal static unsafe partial int RBind(int socket, byte* address, uint addressLength);
    }
}
