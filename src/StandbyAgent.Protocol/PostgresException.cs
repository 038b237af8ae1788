using StandbyAgent.Protocol.Messages;

namespace StandbyAgent.Protocol;

/// <summary>The server answered with an ErrorResponse.</summary>
public sealed class PostgresException : Exception
{
    public PostgresException(PostgresNotice notice)
        : base(notice.ToString())
    {
        Notice = notice;
    }

    public PostgresNotice Notice { get; }

    public string SqlState => Notice.SqlState;

    /// <summary>FATAL and PANIC errors end the session; the server closes the connection.</summary>
    public bool IsFatal => Notice.Severity is "FATAL" or "PANIC";
}
