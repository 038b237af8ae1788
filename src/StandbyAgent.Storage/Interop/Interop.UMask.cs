using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static partial class Libc
    {
        /// <summary>umask(2): sets the process's file-creation mask, returns the previous one.</summary>
        [LibraryImport(Libraries.Libc, EntryPoint = "umask")]
        internal static partial uint UMask(uint mask);
    }
}
