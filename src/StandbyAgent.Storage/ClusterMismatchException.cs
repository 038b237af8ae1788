namespace StandbyAgent.Storage;

/// <summary>The WAL directory belongs to a different cluster, or one with another segment size.</summary>
public sealed class ClusterMismatchException : Exception
{
    public ClusterMismatchException(string message)
        : base(message)
    {
    }
}
