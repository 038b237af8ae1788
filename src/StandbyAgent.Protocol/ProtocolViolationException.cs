namespace StandbyAgent.Protocol;

/// <summary>
/// The server sent something the protocol does not allow: a bad length, an unknown message,
/// a truncated field. The connection cannot be trusted afterwards and must be closed.
/// </summary>
public sealed class ProtocolViolationException : Exception
{
    public ProtocolViolationException(string message)
        : base(message)
    {
    }

    public ProtocolViolationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
