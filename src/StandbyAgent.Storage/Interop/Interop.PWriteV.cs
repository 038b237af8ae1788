using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

internal static partial class Interop
{
    internal static partial class Libc
    {
        /// <summary>struct iovec.</summary>
        [StructLayout(LayoutKind.Sequential)]
        internal unsafe struct IoVector
        {
            public byte* Base;
            public nuint Count;
        }

        /// <summary>The most iovecs one call takes on Linux (IOV_MAX).</summary>
        internal const int MaxIoVectors = 1024;

        /// <summary>Writes the buffers in order at <paramref name="offset"/>; returns bytes written or -1.</summary>
        [LibraryImport(Libraries.Libc, EntryPoint = "pwritev", SetLastError = true)]
        internal static unsafe partial nint PWriteV(SafeFileHandle fd, IoVector* vectors, int count, long offset);
    }
}
