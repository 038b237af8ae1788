using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static partial class Libc
    {
        [LibraryImport(Libraries.Libc, EntryPoint = "geteuid")]
        internal static partial uint GetEffectiveUserId();

        /// <summary>setgroups(2); glibc applies it, like setgid and setuid, to every thread of the process.</summary>
        [LibraryImport(Libraries.Libc, EntryPoint = "setgroups", SetLastError = true)]
        internal static unsafe partial int SetGroups(nuint size, uint* groups);

        [LibraryImport(Libraries.Libc, EntryPoint = "setgid", SetLastError = true)]
        internal static partial int SetGroupId(uint gid);

        [LibraryImport(Libraries.Libc, EntryPoint = "setuid", SetLastError = true)]
        internal static partial int SetUserId(uint uid);
    }
}
