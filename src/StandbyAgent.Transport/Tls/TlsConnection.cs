using System.IO.Pipelines;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using StandbyAgent.Transport.Buffers;

namespace StandbyAgent.Transport.Tls;

/// <summary>
/// TLS over any transport: an SslStream reads and writes the transport's pipes, and new pipes
/// carry the plaintext, shaped like the transport's own (pinned blocks in, a send side that never
/// blocks its writer). The transport is owned and disposed with this connection.
/// </summary>
public sealed partial class TlsConnection : ITransportConnection
{
    /// <summary>How long disposal waits for what was already written to be encrypted and handed on.</summary>
    private static readonly TimeSpan s_drainLimit = TimeSpan.FromSeconds(1);

    private readonly ITransportConnection _transport;
    private readonly SslStream _ssl;

    // ITransportConnection does not expose the transport's pool, so the plaintext lands in one of its own.
    private readonly PinnedBlockMemoryPool _pool = new();
    private readonly Pipe _input;
    private readonly Pipe _output;
    private readonly CancellationTokenSource _closing = new();
    private readonly Task _receiving;
    private readonly Task _sending;
    private int _shutdownReason;

    private TlsConnection(ITransportConnection transport, SslStream ssl)
    {
        _transport = transport;
        _ssl = ssl;
        ServerCertificate = ssl.RemoteCertificate as X509Certificate2
            ?? throw new AuthenticationException("the server sent no certificate");
        _input = new Pipe(TransportPipes.Receive(_pool));
        _output = new Pipe(TransportPipes.Send(_pool));
        _receiving = DoReceiveAsync();
        _sending = DoSendAsync();
    }

    public PipeReader Input => _input.Reader;

    public PipeWriter Output => _output.Writer;

    public string TransportName => _transport.TransportName;

    public string RemoteAddress => _transport.RemoteAddress;

    public ShutdownReason ShutdownReason => (ShutdownReason)Volatile.Read(ref _shutdownReason);

    /// <summary>The server's certificate, which channel binding hashes.</summary>
    public X509Certificate2 ServerCertificate { get; }

    /// <summary>The TLS version agreed, for logs.</summary>
    public SslProtocols Protocol => _ssl.SslProtocol;

    /// <summary>The cipher suite agreed, for logs.</summary>
    public TlsCipherSuite CipherSuite => _ssl.NegotiatedCipherSuite;

    /// <summary>
    /// Runs the TLS handshake over the transport. On failure the transport is left to the caller,
    /// which disposes it.
    /// </summary>
    /// <param name="transport">The connection to encrypt; owned by the result.</param>
    /// <param name="options">The handshake's options, certificate validation included.</param>
    /// <param name="requiredProtocol">An ALPN protocol the server must have chosen; null when any or none will do.</param>
    /// <param name="cancellationToken">Ends the handshake.</param>
    /// <exception cref="AuthenticationException">The handshake failed, the certificate was refused, or ALPN did not agree.</exception>
    /// <exception cref="IOException">The transport failed during the handshake.</exception>
    public static async Task<TlsConnection> AuthenticateAsync(
        ITransportConnection transport, SslClientAuthenticationOptions options, SslApplicationProtocol? requiredProtocol, CancellationToken cancellationToken)
    {
        var ssl = new SslStream(new DuplexPipeStream(transport), leaveInnerStreamOpen: true);
        try
        {
            await ssl.AuthenticateAsClientAsync(options, cancellationToken);
            if (requiredProtocol is { } required && ssl.NegotiatedApplicationProtocol != required)
            {
                throw new AuthenticationException(ssl.NegotiatedApplicationProtocol.Protocol.IsEmpty
                    ? "direct SSL connection was established without ALPN protocol negotiation extension"
                    : "SSL connection was established with unexpected ALPN protocol");
            }

            return new TlsConnection(transport, ssl);
        }
        catch
        {
            await ssl.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        TrySetShutdownReason(ShutdownReason.LocalClose);
        await _output.Writer.CompleteAsync();
        try
        {
            // The last messages (Terminate) leave before close_notify; neither waits for the network.
            await _sending.WaitAsync(s_drainLimit);
            await _ssl.ShutdownAsync();
        }
        catch (Exception ex) when (ex is TimeoutException or IOException or InvalidOperationException)
        {
            // The connection is already broken; closing is all that is left to do.
        }

        await _closing.CancelAsync();
        await _transport.DisposeAsync();
        await Task.WhenAll(_receiving, _sending);
        await _input.Reader.CompleteAsync();
        await _ssl.DisposeAsync();
        _pool.Dispose();
        _closing.Dispose();
    }

    private void TrySetShutdownReason(ShutdownReason reason) =>
        Interlocked.CompareExchange(ref _shutdownReason, (int)reason, (int)ShutdownReason.None);
}
