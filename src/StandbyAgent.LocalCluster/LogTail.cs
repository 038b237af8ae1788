using System.Text;

namespace StandbyAgent.LocalCluster;

/// <summary>The end of a log file, for error messages.</summary>
internal static class LogTail
{
    private const int MaxBytes = 4096;

    public static string Read(string path)
    {
        if (!File.Exists(path))
        {
            return "(no server log yet)";
        }

        // The server may still be appending to it.
        using var log = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        long start = Math.Max(0, log.Length - MaxBytes);
        log.Position = start;
        using var reader = new StreamReader(log, Encoding.UTF8);
        string tail = reader.ReadToEnd();

        // Cut at a line start, not mid-line, unless the whole file fitted.
        int firstLineEnd = tail.IndexOf('\n', StringComparison.Ordinal);
        return start > 0 && firstLineEnd >= 0 ? tail[(firstLineEnd + 1)..] : tail;
    }
}
