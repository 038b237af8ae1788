using Microsoft.Extensions.Logging;

namespace StandbyAgent.Replication.Configuration;

/// <summary>
/// Log messages of connection-settings resolution, in libpq's words. Event ids 3900-3919; never
/// renumber them. No message takes a secret.
/// </summary>
internal static partial class ConfigurationLog
{
    [LoggerMessage(3900, LogLevel.Warning, "password file \"{Path}\" is not a plain file")]
    public static partial void PassfileNotPlainFile(ILogger logger, string path);

    [LoggerMessage(3901, LogLevel.Warning, "password file \"{Path}\" has group or world access; permissions should be u=rw (0600) or less")]
    public static partial void PassfileTooOpen(ILogger logger, string path);
}
