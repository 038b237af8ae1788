namespace StandbyAgent.Protocol.Replication;

/// <summary>
/// Slot names are validated here, before one is ever put into a command: lower-case letters,
/// digits and underscores, 1 to 63 bytes (the server's ReplicationSlotValidateName).
/// </summary>
public static class ReplicationSlotName
{
    public const int MaxLength = 63;

    public static bool IsValid(string name) =>
        name.Length is > 0 and <= MaxLength && name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_');

    public static string Validate(string name) =>
        IsValid(name)
            ? name
            : throw new ArgumentException(
                $"replication slot name \"{name}\" is invalid: use 1 to {MaxLength} lower-case letters, digits and underscores");
}
