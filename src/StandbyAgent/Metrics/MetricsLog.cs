using System.Net;
using Microsoft.Extensions.Logging;

namespace StandbyAgent.Metrics;

/// <summary>Log messages of the metrics endpoint. Event ids 7000-7099; never renumber them.</summary>
internal static partial class MetricsLog
{
    [LoggerMessage(7000, LogLevel.Information, "Serving /metrics, /healthz and /readyz on {Address}")]
    public static partial void Serving(ILogger logger, string address);

    [LoggerMessage(7001, LogLevel.Warning, "The metrics endpoint listens on {Endpoint}, not a loopback address: anyone who can reach it can read the replication state; restrict it with a firewall")]
    public static partial void NotLoopback(ILogger logger, IPEndPoint endpoint);

    [LoggerMessage(7002, LogLevel.Information, "The metrics endpoint is off (Metrics:Listen is empty)")]
    public static partial void Off(ILogger logger);
}
