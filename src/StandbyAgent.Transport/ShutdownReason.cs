namespace StandbyAgent.Transport;

/// <summary>Why a transport connection ended; the first cause recorded wins.</summary>
public enum ShutdownReason
{
    /// <summary>Still open.</summary>
    None,
    /// <summary>The local side closed it.</summary>
    LocalClose,
    /// <summary>The server closed its end (end of stream).</summary>
    RemoteClose,
    /// <summary>The connection was reset or broke at the network level.</summary>
    NetworkError,
    /// <summary>The application stopped reading, or cancelled.</summary>
    Aborted,
}
