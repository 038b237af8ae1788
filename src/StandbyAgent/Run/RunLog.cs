using Microsoft.Extensions.Logging;

namespace StandbyAgent.Run;

/// <summary>Log messages of run mode. Event ids 6000-6099; never renumber them.</summary>
internal static partial class RunLog
{
    [LoggerMessage(6000, LogLevel.Information, "Standby settings read from {Files}")]
    public static partial void StandbySettingsRead(ILogger logger, string files);

    [LoggerMessage(6001, LogLevel.Information, "Standby of {ConnInfo} (slot {Slot}, recovery_target_timeline {TargetTimeline})")]
    public static partial void StandbyOf(ILogger logger, string connInfo, string slot, string targetTimeline);

    [LoggerMessage(6002, LogLevel.Warning, "standby_mode is off in {File}: a PostgreSQL 11 server started on this data directory would not run as a standby; the agent streams anyway")]
    public static partial void StandbyModeOff(ILogger logger, string file);

    [LoggerMessage(6003, LogLevel.Warning, "{DataDirectory} has no standby.signal: a PostgreSQL 12 or newer server started on it would not stay a standby; the agent streams anyway")]
    public static partial void NoStandbySignal(ILogger logger, string dataDirectory);

    [LoggerMessage(6004, LogLevel.Information, "Running as the data directory's owner, uid {Uid} gid {Gid}, as the server does")]
    public static partial void BecameOwner(ILogger logger, uint uid, uint gid);

    [LoggerMessage(6005, LogLevel.Warning, "The data directory belongs to uid {Owner}, but the agent runs as uid {Uid}: the server may not be able to read, recycle or remove the WAL the agent writes")]
    public static partial void NotOwner(ILogger logger, uint owner, uint uid);

    [LoggerMessage(6010, LogLevel.Warning, "Connection attempt {Attempt} ended ({Reason}): {Message}. Next attempt in {DelaySeconds:0.0} s")]
    public static partial void AttemptFailed(ILogger logger, int attempt, string reason, string message, double delaySeconds);

    [LoggerMessage(6011, LogLevel.Error, "Connection attempt {Attempt} ended ({Reason}) and needs an operator: {Message}. Retrying anyway in {DelaySeconds:0.0} s")]
    public static partial void AttemptNeedsOperator(ILogger logger, int attempt, string reason, string message, double delaySeconds);

    [LoggerMessage(6012, LogLevel.Error, "Connection attempt {Attempt} ended with an unexpected error: {Message}. Next attempt in {DelaySeconds:0.0} s")]
    public static partial void AttemptFailedUnexpectedly(ILogger logger, Exception? error, int attempt, string message, double delaySeconds);

    [LoggerMessage(6013, LogLevel.Warning, "The connection ended after streaming ({Reason}): {Message}. Reconnecting now")]
    public static partial void ConnectionEnded(ILogger logger, string reason, string message);

    [LoggerMessage(6020, LogLevel.Critical, "Configuration error, not starting: {Message}")]
    public static partial void ConfigurationInvalid(ILogger logger, string message);

    [LoggerMessage(6021, LogLevel.Critical, "The agent failed to start or to stop")]
    public static partial void HostFailed(ILogger logger, Exception error);

    [LoggerMessage(6022, LogLevel.Critical, "The receiver loop failed; exiting so that the service manager restarts the agent")]
    public static partial void WorkerFailed(ILogger logger, Exception error);

    [LoggerMessage(6023, LogLevel.Error, "The receiver did not stop within {Seconds} s; exiting anyway (WAL reported flushed is on disk)")]
    public static partial void StopTimedOut(ILogger logger, double seconds);
}
