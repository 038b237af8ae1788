namespace StandbyAgent.Protocol.Authentication;

/// <summary>
/// The client side of SCRAM-SHA-256 (RFC 5802, RFC 7677) as PostgreSQL uses it.
/// PLACEHOLDER: being implemented; see the SCRAM work item.
/// </summary>
public sealed class ScramSha256Client
{
    public const string Mechanism = "SCRAM-SHA-256";

    public ScramSha256Client(Password password)
    {
        _ = password;
    }

    public byte[] CreateClientFirstMessage() => throw new NotImplementedException();

    public byte[] CreateClientFinalMessage(ReadOnlySpan<byte> serverFirstMessage) => throw new NotImplementedException();

    public void VerifyServerFinalMessage(ReadOnlySpan<byte> serverFinalMessage) => throw new NotImplementedException();
}
