using System.Buffers;
using System.IO.Pipelines;
using System.Security.Authentication;
using Microsoft.Extensions.Logging;
using StandbyAgent.Protocol;
using StandbyAgent.Protocol.Frontend;
using StandbyAgent.Replication.Configuration;
using StandbyAgent.Replication.Connection.Tls;
using StandbyAgent.Transport;
using StandbyAgent.Transport.Tls;

namespace StandbyAgent.Replication.Connection;

/// <summary>
/// What sslmode asks for, between connecting and the StartupMessage, for one server, with libpq's
/// meanings: disable never uses TLS; allow tries without it and, if the server rejects the client,
/// again with it; prefer tries TLS and goes on without it when the server has none, when the
/// handshake fails, or when the server rejects the client over TLS; require and the verify modes
/// use TLS or nothing. Each new attempt is a new connection with fresh state. Over a Unix socket
/// sslmode does not apply, as in libpq.
/// </summary>
internal sealed class EncryptionNegotiation
{
    /// <summary>SQLSTATE 57P03: libpq moves on to the next server rather than change encryption.</summary>
    private const string CannotConnectNow = "57P03";

    private readonly ConnectionSettings _settings;
    private readonly HostEndpoint _endpoint;
    private readonly ILogger _logger;
    private readonly Queue<Encryption> _attempts;
    private bool _usingTls;
    private bool _handshakeFailed;

    public EncryptionNegotiation(ConnectionSettings settings, HostEndpoint endpoint, ILogger logger)
    {
        _settings = settings;
        _endpoint = endpoint;
        _logger = logger;
        _attempts = new Queue<Encryption>(Attempts(settings, endpoint));
    }

    private enum Encryption
    {
        Plaintext,
        Tls,
    }

    /// <summary>
    /// rsocket has no TLS, as in Postgres Pro: a mode that demands TLS is refused rather than
    /// weakened; allow and prefer connect without encryption (and say so when they do).
    /// </summary>
    public static void RefuseWhatIsNotSupported(ConnectionSettings settings)
    {
        if (settings.WithRsocket && settings.SslMode >= SslMode.Require)
        {
            throw new NotSupportedException(
                $"sslmode={ToKeyword(settings.SslMode)} asks for TLS, and TLS is not available over rsocket (Postgres Pro refuses it too); "
                + "remove with_rsocket, or use sslmode=prefer or disable on an RDMA network you trust");
        }
    }

    /// <summary>Encrypts a new connection as the next attempt asks; called once per attempt.</summary>
    /// <exception cref="TransportException">TLS failed or was refused where it is required.</exception>
    /// <exception cref="ConnectionSettingsException">A TLS file that is needed is missing or unusable.</exception>
    public async ValueTask<NegotiatedTransport> NegotiateAsync(ITransportConnection transport, CancellationToken cancellationToken)
    {
        _usingTls = _attempts.Dequeue() == Encryption.Tls;
        _handshakeFailed = false;
        if (!_usingTls)
        {
            if (_settings.WithRsocket && _settings.SslMode > SslMode.Disable)
            {
                TlsLog.NoTlsOverRsocket(_logger, _endpoint.ToString(), ToKeyword(_settings.SslMode));
            }

            return new NegotiatedTransport(transport, null);
        }

        if (!_settings.Tls.DirectNegotiation && !await RequestTlsAsync(transport, cancellationToken))
        {
            if (_attempts.Count == 0)
            {
                throw new TransportException("server does not support SSL, but SSL was required");
            }

            // prefer: go on in plain text over this same connection, with nothing left to try after it.
            _attempts.Clear();
            _usingTls = false;
            TlsLog.ServerHasNoTls(_logger, _endpoint.ToString());
            return new NegotiatedTransport(transport, null);
        }

        TlsConnection tls = await HandshakeAsync(transport, cancellationToken);
        TlsLog.Established(_logger, _endpoint.ToString(), tls.Protocol, tls.CipherSuite);
        return new NegotiatedTransport(tls, TlsServerEndPoint.Of(tls.ServerCertificate));
    }

    /// <summary>
    /// After an attempt failed: whether libpq would try again over a new connection with the other
    /// choice of encryption. It does after a failed TLS handshake, and after the server rejected the
    /// client before authenticating it (pg_hba.conf's hostssl and hostnossl, a wrong password).
    /// </summary>
    /// <param name="failure">Why the attempt failed.</param>
    /// <param name="authenticated">Whether the server had sent AuthenticationOk.</param>
    public bool TryFallBack(Exception failure, bool authenticated)
    {
        bool rejectedBeforeAuthentication = failure is PostgresException { SqlState: not CannotConnectNow } && !authenticated;
        if (_attempts.Count == 0 || failure is OperationCanceledException || !(_handshakeFailed || rejectedBeforeAuthentication))
        {
            return false;
        }

        if (_usingTls)
        {
            TlsLog.RetryingWithoutTls(_logger, _endpoint.ToString(), failure.Message);
        }
        else
        {
            TlsLog.RetryingWithTls(_logger, _endpoint.ToString(), failure.Message);
        }

        return true;
    }

    /// <summary>The encryption of each connection libpq may make to one server, in order.</summary>
    private static Encryption[] Attempts(ConnectionSettings settings, HostEndpoint endpoint) =>
        endpoint.IsUnixSocket
            ? [Encryption.Plaintext]
            : settings.SslMode switch
            {
                SslMode.Disable => [Encryption.Plaintext],
                SslMode.Allow => settings.WithRsocket ? [Encryption.Plaintext] : [Encryption.Plaintext, Encryption.Tls],
                SslMode.Prefer => settings.WithRsocket ? [Encryption.Plaintext] : [Encryption.Tls, Encryption.Plaintext],
                _ => [Encryption.Tls],
            };

    /// <summary>
    /// Sends SSLRequest and reads the answer: exactly one byte, with nothing after it. The
    /// transport buffers what it receives, so "nothing after it" is checked, not assumed.
    /// </summary>
    /// <returns>True when the server agreed to TLS.</returns>
    private static async ValueTask<bool> RequestTlsAsync(ITransportConnection transport, CancellationToken cancellationToken)
    {
        SslRequest.Write(transport.Output);
        await transport.Output.FlushAsync(cancellationToken);
        while (true)
        {
            ReadResult result = await transport.Input.ReadAsync(cancellationToken);
            ReadOnlySequence<byte> received = result.Buffer;
            if (!received.IsEmpty)
            {
                bool accepted = SslRequestAnswer.Interpret(received);
                transport.Input.AdvanceTo(received.GetPosition(1));
                return accepted;
            }

            transport.Input.AdvanceTo(received.End);
            if (result.IsCompleted)
            {
                throw FrameReading.ServerClosed();
            }
        }
    }

    /// <summary>
    /// Reads the TLS files, then runs the handshake. Both count as the handshake for prefer's
    /// retry without TLS, as initialize_SSL does in libpq.
    /// </summary>
    private async ValueTask<TlsConnection> HandshakeAsync(ITransportConnection transport, CancellationToken cancellationToken)
    {
        _handshakeFailed = true;
        TlsClientSetup setup = TlsClientSetup.Create(_settings, _endpoint, TimeProvider.System);
        TlsConnection tls;
        try
        {
            // Direct TLS has no SSLRequest, so only ALPN tells that the server speaks PostgreSQL inside it.
            tls = await TlsConnection.AuthenticateAsync(
                transport, setup.Options, _settings.Tls.DirectNegotiation ? TlsClientSetup.PostgresProtocol : null, cancellationToken);
        }
        catch (Exception ex) when (ex is AuthenticationException or IOException)
        {
            throw new TransportException(setup.Verifier.Failure ?? HandshakeFailure(ex), ex);
        }

        _handshakeFailed = false;
        return tls;
    }

    /// <summary>"SSL error: " and OpenSSL's reason, as libpq reports a failed handshake.</summary>
    private static string HandshakeFailure(Exception ex)
    {
        Exception cause = ex;
        while (cause.InnerException is { } inner && cause is not TransportException)
        {
            cause = inner;
        }

        if (cause is TransportException)
        {
            return cause.Message;
        }

        // OpenSSL's "error:0A000086:SSL routines::certificate verify failed": the reason is the last field.
        string message = cause.Message;
        return cause is AuthenticationException && cause.InnerException is null
            ? message
            : "SSL error: " + (message.StartsWith("error:", StringComparison.Ordinal) ? message[(message.LastIndexOf(':') + 1)..] : message);
    }

    private static string ToKeyword(SslMode mode) => mode switch
    {
        SslMode.VerifyCa => "verify-ca",
        SslMode.VerifyFull => "verify-full",
        _ => mode.ToString().ToLowerInvariant(),
    };
}
