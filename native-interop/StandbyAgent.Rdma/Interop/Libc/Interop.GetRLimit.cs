using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static partial class Libc
    {
        internal const int RLIMIT_MEMLOCK = 8;

        /// <summary>RLIM_INFINITY on Linux.</summary>
        internal const ulong RLimitInfinity = ulong.MaxValue;

        /// <summary>struct rlimit (two rlim_t, 64-bit on LP64).</summary>
        [StructLayout(LayoutKind.Sequential)]
        internal struct RLimit
        {
            public ulong Current;
            public ulong Maximum;
        }

        /// <summary>int getrlimit(int resource, struct rlimit *rlim); 0 or -1.</summary>
        [LibraryImport(Libraries.Libc, EntryPoint = "getrlimit", SetLastError = true)]
        internal static unsafe partial int GetRLimit(int resource, RLimit* limit);
    }
}
