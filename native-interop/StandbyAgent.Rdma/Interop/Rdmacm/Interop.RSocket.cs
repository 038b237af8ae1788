using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static partial class Rdmacm
    {
        internal const int AF_INET = 2;
        internal const int AF_INET6 = 10;
        internal const int SOCK_STREAM = 1;

        /// <summary>
        /// int rsocket(int domain, int type, int protocol). Returns an index into librdmacm's own
        /// table (not a kernel socket: never pass it to close or poll), or -1. Flags in
        /// <paramref name="type"/> (SOCK_NONBLOCK) are refused before rdma-core 63.
        /// </summary>
        [LibraryImport(Libraries.Rdmacm, EntryPoint = "rsocket", SetLastError = true)]
        internal static partial int RSocket(int domain, int type, int protocol);
    }
}
