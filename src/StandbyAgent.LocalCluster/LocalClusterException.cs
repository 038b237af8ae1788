namespace StandbyAgent.LocalCluster;

/// <summary>A local cluster could not be set up, started, stopped or used.</summary>
public sealed class LocalClusterException : Exception
{
    public LocalClusterException(string message)
        : base(message)
    {
    }

    public LocalClusterException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
