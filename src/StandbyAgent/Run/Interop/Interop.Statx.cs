using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static partial class Libc
    {
        /// <summary>AT_FDCWD: a relative path is relative to the working directory.</summary>
        internal const int AtCurrentDirectory = -100;

        internal const uint StatxUid = 0x8;
        internal const uint StatxGid = 0x10;

        /// <summary>
        /// The head of struct statx, which has one layout on every architecture (unlike struct
        /// stat); the kernel fills all 256 bytes.
        /// </summary>
        [StructLayout(LayoutKind.Sequential, Size = 256)]
        internal struct StatxBuffer
        {
            internal uint Mask;
            internal uint BlockSize;
            internal ulong Attributes;
            internal uint LinkCount;
            internal uint Uid;
            internal uint Gid;
        }

        /// <summary>statx(2), glibc 2.28 and newer.</summary>
        [LibraryImport(Libraries.Libc, EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
        internal static partial int Statx(int directory, string path, int flags, uint mask, out StatxBuffer buffer);
    }
}
