using Microsoft.Extensions.Logging;

namespace StandbyAgent.Receive;

/// <summary>Log messages of the receive command. Event ids 3000-3099; never renumber them.</summary>
internal static partial class ReceiveLog
{
    [LoggerMessage(3000, LogLevel.Warning, "disconnected: {Reason}; waiting {Seconds} seconds to try again")]
    public static partial void Disconnected(ILogger logger, string reason, int seconds);

    [LoggerMessage(3001, LogLevel.Information, "creating replication slot \"{Slot}\"")]
    public static partial void CreatingSlot(ILogger logger, string slot);

    [LoggerMessage(3002, LogLevel.Information, "dropping replication slot \"{Slot}\"")]
    public static partial void DroppingSlot(ILogger logger, string slot);

    [LoggerMessage(3003, LogLevel.Information, "replication slot \"{Slot}\" already exists")]
    public static partial void SlotAlreadyExists(ILogger logger, string slot);
}
