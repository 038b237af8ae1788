using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static class Errors
    {
        internal const int EINTR = 4;
        internal const int EINVAL = 22;
        internal const int EXDEV = 18;
        internal const int ENOSPC = 28;

        /// <summary>The errno of the last call, with the function and path it came from, as an IOException.</summary>
        internal static IOException Exception(string function, string path) => Exception(function, path, Marshal.GetLastPInvokeError());

        /// <summary>An error number a call returned (rather than left in errno), as an IOException.</summary>
        internal static IOException Exception(string function, string path, int errno) =>
            new($"{function}(\"{path}\") failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})", errno);
    }
}
