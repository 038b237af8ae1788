using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

internal static partial class Interop
{
    internal static partial class Libc
    {
        [LibraryImport(Libraries.Libc, EntryPoint = "fsync", SetLastError = true)]
        internal static partial int FSync(SafeFileHandle fd);

        /// <summary>Like fsync, without the metadata that is not needed to read the data back (PostgreSQL's default wal_sync_method).</summary>
        [LibraryImport(Libraries.Libc, EntryPoint = "fdatasync", SetLastError = true)]
        internal static partial int FDataSync(SafeFileHandle fd);
    }
}
