namespace StandbyAgent.Transport;

/// <summary>The network let the connection down: refused, reset, timed out, unreachable.</summary>
public sealed class TransportException : IOException
{
    public TransportException(string message)
        : base(message)
    {
    }

    public TransportException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
