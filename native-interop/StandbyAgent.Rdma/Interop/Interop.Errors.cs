using System.Runtime.InteropServices;
using StandbyAgent.Rdma;

internal static partial class Interop
{
    internal static class Errors
    {
        /// <summary>
        /// True when a call returned -1 with EINTR and must simply be repeated: rpoll and the data
        /// calls can be interrupted by the signals the runtime itself sends to threads. Callers
        /// loop on it, so EINTR never escapes this library.
        /// </summary>
        internal static bool Interrupted(nint result) => result == -1 && Marshal.GetLastPInvokeError() == Errno.EINTR;
    }
}
