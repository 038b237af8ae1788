using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

internal static partial class Interop
{
    internal static partial class Libc
    {
        /// <summary>Returns the error number itself (0 on success); errno is left alone.</summary>
        [LibraryImport(Libraries.Libc, EntryPoint = "posix_fallocate")]
        internal static partial int PosixFAllocate(SafeFileHandle fd, long offset, long length);
    }
}
