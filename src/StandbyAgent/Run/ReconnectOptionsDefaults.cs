namespace StandbyAgent.Run;

internal static class ReconnectOptionsDefaults
{
    /// <summary>Long enough for a restarting server to come back in a few tries.</summary>
    public static readonly TimeSpan FirstDelay = TimeSpan.FromSeconds(1);

    /// <summary>An unreachable primary is tried once a minute, the walsender's own default timeout.</summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromMinutes(1);
}
