using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static partial class Rdmacm
    {
        /// <summary>
        /// int rclose(int socket). Disconnects (draining sends first, which can block for a long
        /// time), deregisters the buffers and frees the index. Returns 0, or a positive EBADF for an
        /// index that is not an rsocket, with errno untouched.
        /// </summary>
        [LibraryImport(Libraries.Rdmacm, EntryPoint = "rclose")]
        internal static partial int RClose(int socket);
    }
}
