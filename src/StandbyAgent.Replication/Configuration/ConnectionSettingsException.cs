namespace StandbyAgent.Replication.Configuration;

/// <summary>
/// A connection string, service file or environment that libpq would reject, or that asks for
/// something this client cannot do. Messages follow libpq's wording and never contain a secret.
/// </summary>
public sealed class ConnectionSettingsException : Exception
{
    public ConnectionSettingsException(string message)
        : base(message)
    {
    }

    public ConnectionSettingsException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
