using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static partial class Libc
    {
        /// <summary>
        /// rename(2) itself: File.Move falls back to copy-and-delete across file systems, which is
        /// not atomic; here EXDEV is an error.
        /// </summary>
        [LibraryImport(Libraries.Libc, EntryPoint = "rename", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
        internal static partial int Rename(string oldPath, string newPath);
    }
}
