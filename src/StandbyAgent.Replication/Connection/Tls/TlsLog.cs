using System.Net.Security;
using System.Security.Authentication;
using Microsoft.Extensions.Logging;

namespace StandbyAgent.Replication.Connection.Tls;

/// <summary>Log messages of encryption negotiation. Event ids 5000-5099; never renumber them. No message takes a secret.</summary>
internal static partial class TlsLog
{
    [LoggerMessage(5000, LogLevel.Information, "TLS established with {Endpoint}: {Protocol}, {CipherSuite}")]
    public static partial void Established(ILogger logger, string endpoint, SslProtocols protocol, TlsCipherSuite cipherSuite);

    [LoggerMessage(5001, LogLevel.Information, "The server at {Endpoint} does not support TLS; going on without encryption, as sslmode=prefer allows")]
    public static partial void ServerHasNoTls(ILogger logger, string endpoint);

    [LoggerMessage(5002, LogLevel.Warning, "Could not connect to {Endpoint} with TLS: {Reason}; trying again without encryption, as sslmode=prefer allows")]
    public static partial void RetryingWithoutTls(ILogger logger, string endpoint, string reason);

    [LoggerMessage(5003, LogLevel.Warning, "Could not connect to {Endpoint} without TLS: {Reason}; trying again with TLS, as sslmode=allow allows")]
    public static partial void RetryingWithTls(ILogger logger, string endpoint, string reason);

    [LoggerMessage(5004, LogLevel.Warning, "TLS is not available over rsocket; connecting to {Endpoint} without encryption, as sslmode={SslMode} allows")]
    public static partial void NoTlsOverRsocket(ILogger logger, string endpoint, string sslMode);
}
