namespace StandbyAgent.Run;

/// <summary>
/// The <c>Reconnect</c> section: the backoff between failed connection attempts, exponential
/// with jitter from <see cref="FirstDelay"/> up to <see cref="MaxDelay"/>. Unset values take
/// <see cref="ReconnectOptionsDefaults"/>.
/// </summary>
internal sealed class ReconnectOptions
{
    public const string SectionName = "Reconnect";

    public TimeSpan? FirstDelay { get; set; }

    public TimeSpan? MaxDelay { get; set; }
}
