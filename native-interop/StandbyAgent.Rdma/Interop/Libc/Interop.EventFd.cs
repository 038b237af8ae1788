using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

internal static partial class Interop
{
    internal static partial class Libc
    {
        internal const int EFD_NONBLOCK = 0x800;
        internal const int EFD_CLOEXEC = 0x80000;

        /// <summary>int eventfd(unsigned int initval, int flags): a counter that polls readable while non-zero.</summary>
        [LibraryImport(Libraries.Libc, EntryPoint = "eventfd", SetLastError = true)]
        internal static partial SafeFileHandle EventFd(uint initialValue, int flags);

        /// <summary>int eventfd_read(int fd, eventfd_t *value): takes the counter and resets it; -1 with EAGAIN when it is 0 and the fd is nonblocking.</summary>
        [LibraryImport(Libraries.Libc, EntryPoint = "eventfd_read", SetLastError = true)]
        internal static unsafe partial int EventFdRead(SafeFileHandle fd, ulong* value);

        /// <summary>int eventfd_write(int fd, eventfd_t value): adds to the counter.</summary>
        [LibraryImport(Libraries.Libc, EntryPoint = "eventfd_write", SetLastError = true)]
        internal static partial int EventFdWrite(SafeFileHandle fd, ulong value);
    }
}
