namespace StandbyAgent.Metrics;

internal static class MetricsOptionsDefaults
{
    /// <summary>Loopback only: the replication state is nobody else's business unless asked for.</summary>
    public const string Listen = "127.0.0.1:9188";
}
