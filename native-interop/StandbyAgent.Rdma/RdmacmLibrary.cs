using System.Reflection;
using System.Runtime.InteropServices;

namespace StandbyAgent.Rdma;

/// <summary>
/// Loads librdmacm once, by its SONAME (librdmacm.so.1, from the runtime package, so no -dev
/// package is needed) or from the path in STANDBY_AGENT_LIBRDMACM, and resolves this assembly's
/// imports to it. Until <see cref="TryLoad"/> succeeded no import may be called: a missing library
/// is a clear message here, never a DllNotFoundException in the middle of a connection.
/// </summary>
public static class RdmacmLibrary
{
    /// <summary>Overrides where librdmacm is loaded from, as Dragonwell's ALI_RSOCKET_LIB does.</summary>
    public const string PathVariable = "STANDBY_AGENT_LIBRDMACM";

    private const string Soname = "librdmacm.so.1";

    private static readonly Lock s_lock = new();
    private static nint s_handle;
    private static string? s_problem;

    /// <summary>The file actually mapped, such as /usr/lib/x86_64-linux-gnu/librdmacm.so.1.3.44.0; null until loaded.</summary>
    public static string? LoadedPath { get; private set; }

    /// <summary>
    /// The rdma-core release the file name encodes (librdmacm.so.1.3.44.0 is rdma-core 44), which
    /// decides behaviours such as SOCK_NONBLOCK support (63) and rpoll's 5 s wake-up interval (before 63).
    /// </summary>
    public static string? RdmaCoreVersion =>
        LoadedPath is { } path && Path.GetFileName(path).Split('.') is [_, _, "1", _, var major, ..] ? major : null;

    /// <returns>False, with what went wrong, when the library cannot be loaded or is not librdmacm.</returns>
    public static bool TryLoad(out string? problem)
    {
        lock (s_lock)
        {
            if (s_handle == 0 && s_problem is null)
            {
                s_problem = Load();
            }

            problem = s_problem;
            return s_problem is null;
        }
    }

    private static string? Load()
    {
        string name = Environment.GetEnvironmentVariable(PathVariable) is { Length: > 0 } overridden ? overridden : Soname;
        if (!NativeLibrary.TryLoad(name, out nint handle))
        {
            return $"{name} could not be loaded";
        }

        if (!NativeLibrary.TryGetExport(handle, "rsocket", out _))
        {
            NativeLibrary.Free(handle);
            return $"{name} has no rsocket function: it is not librdmacm";
        }

        // One resolver per assembly is all the runtime allows; it serves every import in this one.
        NativeLibrary.SetDllImportResolver(typeof(RdmacmLibrary).Assembly, Resolve);
        s_handle = handle;
        LoadedPath = FindMappedFile(Path.GetFileName(name));
        return null;
    }

    private static nint Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath) =>
        libraryName == Interop.Libraries.Rdmacm ? s_handle : 0;

    /// <summary>The loader follows symlinks; /proc/self/maps names the real file, and with it the version.</summary>
    private static string? FindMappedFile(string fileName)
    {
        string stem = fileName.Split(".so")[0] + ".so";
        return File.ReadLines("/proc/self/maps")
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(fields => fields.Length >= 6)
            .Select(fields => fields[5])
            .FirstOrDefault(path => Path.GetFileName(path).StartsWith(stem, StringComparison.Ordinal));
    }
}
