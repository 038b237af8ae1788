using Microsoft.Extensions.Logging;

namespace StandbyAgent.Transport.Rdma;

/// <summary>Log messages of the rsocket transport. Event ids 4000-4049; never renumber them.</summary>
internal static partial class RdmaLog
{
    [LoggerMessage(4000, LogLevel.Information, "Using {Path} (rdma-core {Version})")]
    public static partial void LibraryLoaded(ILogger logger, string path, string version);

    [LoggerMessage(4001, LogLevel.Debug, "rsocket connected to {Remote} from {Local}")]
    public static partial void Connected(ILogger logger, string remote, string local);

    [LoggerMessage(4002, LogLevel.Debug, "rsocket connection to {Remote} ended ({Reason}): {Received} bytes received, {Sent} bytes sent")]
    public static partial void Ended(ILogger logger, string remote, ShutdownReason reason, long received, long sent);

    [LoggerMessage(4003, LogLevel.Warning, "Closing the rsocket connection to {Remote} did not finish within {Seconds} s; it is left to close in the background")]
    public static partial void CloseTimedOut(ILogger logger, string remote, double seconds);
}
