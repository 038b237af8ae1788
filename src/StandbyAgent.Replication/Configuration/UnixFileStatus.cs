namespace StandbyAgent.Replication.Configuration;

/// <summary>The parts of stat(2) that decide whether a secrets file may be trusted.</summary>
/// <param name="Kind">Regular file, something else, or missing.</param>
/// <param name="Mode">The permission bits.</param>
/// <param name="OwnerId">The owner's user id; null where the platform does not say.</param>
internal readonly record struct UnixFileStatus(FileKind Kind, UnixFileMode Mode, uint? OwnerId);
