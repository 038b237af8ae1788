using System.Text;
using Microsoft.Extensions.Logging;

namespace StandbyAgent.Replication.Configuration;

/// <summary>
/// Reads a .pgpass file the way libpq trusts one: a missing or unreadable file is silently skipped; a
/// file that is not a regular file, or that group or others may access, is skipped with a warning.
/// </summary>
internal static class PassfileReader
{
    private const UnixFileMode GroupOrOtherAccess =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>The file's text, which the caller must clear; null when the file is absent or ignored.</summary>
    public static char[]? Read(string path, ILogger logger)
    {
        FileKind kind = UnixFileType.Of(path);
        if (kind == FileKind.Missing)
        {
            return null;
        }

        // Windows protects the directory instead, so libpq checks nothing there.
        if (!OperatingSystem.IsWindows())
        {
            if (kind != FileKind.RegularFile)
            {
                ConfigurationLog.PassfileNotPlainFile(logger, path);
                return null;
            }

            if ((File.GetUnixFileMode(path) & GroupOrOtherAccess) != 0)
            {
                ConfigurationLog.PassfileTooOpen(logger, path);
                return null;
            }
        }

        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        try
        {
            return Encoding.UTF8.GetChars(bytes);
        }
        finally
        {
            Array.Clear(bytes);
        }
    }
}
