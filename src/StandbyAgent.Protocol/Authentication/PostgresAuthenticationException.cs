namespace StandbyAgent.Protocol.Authentication;

/// <summary>
/// Authentication could not proceed on this client's side: no password, a method this client
/// refuses, or a server whose SCRAM proof does not check out. Never carries a secret.
/// </summary>
public sealed class PostgresAuthenticationException : Exception
{
    public PostgresAuthenticationException(string message)
        : base(message)
    {
    }
}
