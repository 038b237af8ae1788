namespace StandbyAgent.Protocol.Authentication;

/// <summary>
/// The TLS channel as SCRAM sees it: there is one, and its tls-server-end-point binding data
/// (RFC 5929: a hash of the server's certificate), or the reason the certificate cannot give any.
/// Such a reason only matters if SCRAM-SHA-256-PLUS is chosen, as in libpq.
/// </summary>
public sealed class TlsChannelBinding
{
    private readonly byte[]? _serverEndPoint;
    private readonly string? _problem;

    private TlsChannelBinding(byte[]? serverEndPoint, string? problem)
    {
        _serverEndPoint = serverEndPoint;
        _problem = problem;
    }

    /// <param name="certificateHash">The server certificate's hash, as RFC 5929 section 4.1 chooses it.</param>
    public static TlsChannelBinding WithServerEndPoint(byte[] certificateHash) => new(certificateHash, null);

    /// <param name="problem">Why no binding data can be computed, for the error message.</param>
    public static TlsChannelBinding WithoutServerEndPoint(string problem) => new(null, problem);

    /// <exception cref="PostgresAuthenticationException">The certificate cannot be bound to.</exception>
    internal byte[] ServerEndPoint =>
        _serverEndPoint ?? throw new PostgresAuthenticationException(_problem!);
}
