using Microsoft.Extensions.Logging;
using StandbyAgent.Protocol;

namespace StandbyAgent.Replication.Streaming;

/// <summary>Log messages of the receiver. Event ids 1200-1299; never renumber them.</summary>
internal static partial class ReceiverLog
{
    [LoggerMessage(1200, LogLevel.Information, "Starting log streaming at {Start} (timeline {Timeline}, slot {Slot})")]
    public static partial void StartingStream(ILogger logger, Lsn start, uint timeline, string slot);

    [LoggerMessage(1201, LogLevel.Information, "Switched to timeline {Timeline} at {Start}")]
    public static partial void SwitchedTimeline(ILogger logger, uint timeline, Lsn start);

    [LoggerMessage(1202, LogLevel.Information, "Resume point from the directory: {Reason}")]
    public static partial void Resuming(ILogger logger, string reason);

    [LoggerMessage(1203, LogLevel.Information, "Directory is empty: starting at replication slot {Slot}'s restart_lsn {RestartLsn}")]
    public static partial void StartingFromSlot(ILogger logger, string slot, Lsn restartLsn);

    [LoggerMessage(1204, LogLevel.Warning, "Directory is empty and no slot position is known: starting at the server's current position {Position} on timeline {Timeline}; earlier WAL will not be received")]
    public static partial void StartingAtServerPosition(ILogger logger, Lsn position, uint timeline);

    [LoggerMessage(1205, LogLevel.Information, "Directory holds no WAL: {Reason}")]
    public static partial void StartingWhereDirectoryNeeds(ILogger logger, string reason);

    [LoggerMessage(1206, LogLevel.Information, "Created replication slot {Slot} (physical, reserving WAL)")]
    public static partial void CreatedSlot(ILogger logger, string slot);

    [LoggerMessage(1207, LogLevel.Warning, "Replication slot {Slot} holds no WAL (its restart_lsn is NULL): it was created without reserving WAL, or the primary invalidated it")]
    public static partial void SlotHoldsNoWal(ILogger logger, string slot);

    [LoggerMessage(1208, LogLevel.Warning, "The server has no history file for timeline {Timeline}, which lies between the timelines streamed: skipped ({Reason})")]
    public static partial void HistoryFileMissing(ILogger logger, uint timeline, string reason);
}
