using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static partial class Rdmacm
    {
        internal const int F_GETFL = 3;
        internal const int F_SETFL = 4;
        internal const int O_NONBLOCK = 0x800;

        /// <summary>
        /// int rfcntl(int socket, int cmd, ... /* arg */), only F_GETFL and F_SETFL before
        /// rdma-core 63. .NET cannot call C varargs; declaring the one int argument as a fixed
        /// parameter is ABI-compatible on Linux x86-64 and aarch64 (not on Apple arm64).
        /// </summary>
        [LibraryImport(Libraries.Rdmacm, EntryPoint = "rfcntl", SetLastError = true)]
        internal static partial int RFcntl(int socket, int command, int argument);
    }
}
