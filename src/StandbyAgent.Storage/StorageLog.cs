using Microsoft.Extensions.Logging;

namespace StandbyAgent.Storage;

/// <summary>Log messages of the WAL storage layer. Event ids 2000-2099; never renumber them.</summary>
internal static partial class StorageLog
{
    [LoggerMessage(2000, LogLevel.Information, "Recorded database system identifier {SystemIdentifier} for \"{Directory}\"")]
    public static partial void IdentityRecorded(ILogger logger, ulong systemIdentifier, string directory);

    [LoggerMessage(2001, LogLevel.Warning, "Segment file \"{Name}\" has incorrect size {Size}, expected {Expected}; skipping it")]
    public static partial void IgnoringWrongSize(ILogger logger, string name, long size, int expected);

    [LoggerMessage(2002, LogLevel.Information, "Wrote timeline history file \"{Name}\"")]
    public static partial void HistoryFileWritten(ILogger logger, string name);

    [LoggerMessage(2003, LogLevel.Debug, "Reusing segment file \"{Name}\"")]
    public static partial void ReusingSegment(ILogger logger, string name);

    [LoggerMessage(2004, LogLevel.Warning, "Segment file \"{Name}\" ({Size} bytes) is short or not this segment's; replacing it with a new zero-filled file")]
    public static partial void ReplacingSegment(ILogger logger, string name, long size);

    [LoggerMessage(2005, LogLevel.Debug, "Removed leftover temporary file \"{Name}\"")]
    public static partial void RemovedTempFile(ILogger logger, string name);
}
