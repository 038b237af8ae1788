using System.Diagnostics;
using System.Globalization;

namespace StandbyAgent.Storage.Tests.Support;

/// <summary>The parts of stat(2) .NET does not expose, read through stat(1).</summary>
public static class FileStat
{
    /// <summary>st_blocks × 512: what the file system really allocated (less than the length for a sparse file).</summary>
    public static long AllocatedBytes(string path)
    {
        string[] fields = Stat(path, "%b %B").Split(' ');
        return long.Parse(fields[0], CultureInfo.InvariantCulture) * long.Parse(fields[1], CultureInfo.InvariantCulture);
    }

    /// <summary>st_dev: which file system the path is on.</summary>
    public static ulong Device(string path) => ulong.Parse(Stat(path, "%d"), CultureInfo.InvariantCulture);

    private static string Stat(string path, string format)
    {
        var start = new ProcessStartInfo("stat", ["-c", format, path]) { RedirectStandardOutput = true, UseShellExecute = false };
        using Process stat = Process.Start(start) ?? throw new InvalidOperationException("could not start stat");
        string output = stat.StandardOutput.ReadToEnd();
        stat.WaitForExit();
        return stat.ExitCode == 0 ? output.Trim() : throw new InvalidOperationException($"stat -c {format} {path} failed ({stat.ExitCode})");
    }
}
