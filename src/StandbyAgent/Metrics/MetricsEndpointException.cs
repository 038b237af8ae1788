namespace StandbyAgent.Metrics;

/// <summary>The metrics endpoint could not start (its address is taken or not on this machine): a setting must change.</summary>
internal sealed class MetricsEndpointException(string message, Exception innerException) : Exception(message, innerException);
