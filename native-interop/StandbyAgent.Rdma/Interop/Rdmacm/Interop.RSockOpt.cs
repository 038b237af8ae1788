using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static partial class Rdmacm
    {
        internal const int SOL_SOCKET = 1;
        internal const int SO_ERROR = 4;
        internal const int SO_SNDBUF = 7;
        internal const int SO_RCVBUF = 8;
        internal const int SO_KEEPALIVE = 9;
        internal const int IPPROTO_TCP = 6;
        internal const int TCP_NODELAY = 1;

        /// <summary>For rsocket, the keepalive period in seconds (not an idle time); set before SO_KEEPALIVE.</summary>
        internal const int TCP_KEEPIDLE = 4;

        /// <summary>
        /// int rsetsockopt(int socket, int level, int optname, const void *optval, socklen_t optlen).
        /// Buffer sizes are ignored once the buffers exist, so options go before rconnect.
        /// </summary>
        [LibraryImport(Libraries.Rdmacm, EntryPoint = "rsetsockopt", SetLastError = true)]
        internal static unsafe partial int RSetSockOpt(int socket, int level, int name, void* value, uint valueLength);

        /// <summary>
        /// int rgetsockopt(int socket, int level, int optname, void *optval, socklen_t *optlen).
        /// Reading SO_ERROR clears it.
        /// </summary>
        [LibraryImport(Libraries.Rdmacm, EntryPoint = "rgetsockopt", SetLastError = true)]
        internal static unsafe partial int RGetSockOpt(int socket, int level, int name, void* value, uint* valueLength);
    }
}
