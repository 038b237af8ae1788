using Microsoft.Extensions.Logging;

namespace StandbyAgent.Hosting;

/// <summary>Log messages of the hosting layer. Event ids 6100-6149; never renumber them.</summary>
internal static partial class HostingLog
{
    [LoggerMessage(6100, LogLevel.Warning, "Cannot notify systemd through NOTIFY_SOCKET: {Reason}; carrying on without")]
    public static partial void SystemdUnreachable(ILogger logger, string reason);
}
