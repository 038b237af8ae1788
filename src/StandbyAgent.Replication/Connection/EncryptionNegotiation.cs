using StandbyAgent.Replication.Configuration;
using StandbyAgent.Transport;

namespace StandbyAgent.Replication.Connection;

/// <summary>
/// What sslmode asks for, between connecting and the StartupMessage. TLS is not built yet, so
/// this client behaves like a libpq built without SSL support: disable, allow and prefer connect
/// in plain text without sending SSLRequest, and the modes that demand TLS are refused.
/// </summary>
internal static class EncryptionNegotiation
{
    public static void RefuseWhatIsNotSupported(ConnectionSettings settings)
    {
        if (settings.SslMode is SslMode.Require or SslMode.VerifyCa or SslMode.VerifyFull)
        {
            throw new NotSupportedException(
                $"sslmode={ToKeyword(settings.SslMode)} asks for TLS, and TLS is not supported yet; use sslmode=disable or prefer on a trusted network");
        }
    }

    public static ValueTask<ITransportConnection> NegotiateAsync(ITransportConnection transport, ConnectionSettings settings, CancellationToken cancellationToken)
    {
        _ = settings;
        _ = cancellationToken;
        return ValueTask.FromResult(transport);
    }

    private static string ToKeyword(SslMode mode) => mode switch
    {
        SslMode.VerifyCa => "verify-ca",
        SslMode.VerifyFull => "verify-full",
        _ => mode.ToString().ToLowerInvariant(),
    };
}
