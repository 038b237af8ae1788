using Microsoft.Extensions.Logging;

namespace StandbyAgent.LocalCluster;

internal static partial class LocalClusterLog
{
    [LoggerMessage(1, LogLevel.Information, "Initializing a PostgreSQL cluster in {DataDirectory} with {SegmentSizeMb} MB WAL segments")]
    public static partial void Initializing(ILogger logger, string dataDirectory, int segmentSizeMb);

    [LoggerMessage(2, LogLevel.Information, "Starting PostgreSQL on port {Port} from {DataDirectory}")]
    public static partial void Starting(ILogger logger, int port, string dataDirectory);

    [LoggerMessage(3, LogLevel.Information, "PostgreSQL on port {Port} accepts connections after {ElapsedMs:0} ms")]
    public static partial void Started(ILogger logger, int port, double elapsedMs);

    [LoggerMessage(4, LogLevel.Information, "Stopping PostgreSQL on port {Port} ({Mode} shutdown)")]
    public static partial void Stopping(ILogger logger, int port, ShutdownMode mode);

    [LoggerMessage(5, LogLevel.Information, "Promoting the standby on port {Port}")]
    public static partial void Promoting(ILogger logger, int port);

    [LoggerMessage(6, LogLevel.Information, "Taking a base backup of port {Port} into {DataDirectory} for a standby")]
    public static partial void TakingBaseBackup(ILogger logger, int port, string dataDirectory);

    [LoggerMessage(7, LogLevel.Information, "Deleting the local cluster directory {BaseDirectory}")]
    public static partial void Deleting(ILogger logger, string baseDirectory);

    [LoggerMessage(8, LogLevel.Warning, "Could not stop PostgreSQL on port {Port} before deleting its directory")]
    public static partial void StopFailed(ILogger logger, Exception exception, int port);

    [LoggerMessage(9, LogLevel.Debug, "Running {Command}")]
    public static partial void Running(ILogger logger, string command);

    [LoggerMessage(10, LogLevel.Debug, "{Command} exited with {ExitCode} after {ElapsedMs:0} ms")]
    public static partial void Ran(ILogger logger, string command, int exitCode, double elapsedMs);
}
