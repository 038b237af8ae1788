using System.Globalization;

namespace StandbyAgent.Protocol.Replication;

/// <summary>
/// The text of each replication command this client sends. Every name that goes into a command
/// is validated first; nothing from configuration is interpolated unchecked.
/// </summary>
public static class ReplicationCommand
{
    /// <summary>The first server major whose CREATE_REPLICATION_SLOT takes an option list.</summary>
    private const int FirstMajorWithOptionList = 15;

    public const string IdentifySystem = "IDENTIFY_SYSTEM";

    public static string Show(string setting) =>
        setting.Length > 0 && setting.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_')
            ? "SHOW " + setting
            : throw new ArgumentException($"\"{setting}\" is not a setting name", nameof(setting));

    public static string TimelineHistory(uint timeline) =>
        timeline >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"TIMELINE_HISTORY {timeline}")
            : throw new ArgumentOutOfRangeException(nameof(timeline), "timelines start at 1");

    public static string ReadReplicationSlot(string slot) =>
        $"READ_REPLICATION_SLOT \"{ReplicationSlotName.Validate(slot)}\"";

    public static string CreatePhysicalSlot(string slot, bool reserveWal, bool temporary, int serverMajorVersion)
    {
        string command = $"CREATE_REPLICATION_SLOT \"{ReplicationSlotName.Validate(slot)}\"{(temporary ? " TEMPORARY" : "")} PHYSICAL";
        if (!reserveWal)
        {
            return command;
        }

        return serverMajorVersion >= FirstMajorWithOptionList ? command + " (RESERVE_WAL)" : command + " RESERVE_WAL";
    }

    public static string DropSlot(string slot, bool wait) =>
        $"DROP_REPLICATION_SLOT \"{ReplicationSlotName.Validate(slot)}\"{(wait ? " WAIT" : "")}";

    public static string StartPhysical(string? slot, Lsn start, uint timeline)
    {
        ArgumentOutOfRangeException.ThrowIfZero(timeline);
        string slotClause = slot is null ? string.Empty : $"SLOT \"{ReplicationSlotName.Validate(slot)}\" ";
        return string.Create(CultureInfo.InvariantCulture, $"START_REPLICATION {slotClause}PHYSICAL {start} TIMELINE {timeline}");
    }
}
