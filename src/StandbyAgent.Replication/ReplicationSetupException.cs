namespace StandbyAgent.Replication;

/// <summary>
/// Streaming cannot work with this server or this configuration until an operator changes
/// something (another cluster's WAL, a database-specific connection, a timeline the server does
/// not have). Retrying as it is would only repeat the failure.
/// </summary>
public sealed class ReplicationSetupException : Exception
{
    public ReplicationSetupException(string message)
        : base(message)
    {
    }

    public ReplicationSetupException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
