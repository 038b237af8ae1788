using System.Buffers.Binary;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using StandbyAgent.Protocol.Frontend;
using Xunit;

namespace StandbyAgent.Replication.Tests.Security;

/// <summary>
/// A man in the middle for one connection: it takes the client's SSLRequest, answers with the
/// scripted bytes, and then, if asked, completes a real TLS handshake as the server would, so a
/// client that only looks for injected bytes after the handshake (libpq) gets that far. It records
/// whether the client started a handshake at all.
/// </summary>
internal sealed class SslAnswerScript : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly byte[] _answer;
    private readonly X509Certificate2? _serverCertificate;
    private readonly Task _serving;
    private readonly CancellationTokenSource _stop = new(TimeSpan.FromSeconds(30));

    /// <param name="answer">What follows SSLRequest, sent in one write.</param>
    /// <param name="serverCertificate">With a certificate, the script then plays the TLS server.</param>
    public SslAnswerScript(byte[] answer, X509Certificate2? serverCertificate)
    {
        _answer = answer;
        _serverCertificate = serverCertificate;
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _serving = ServeAsync();
    }

    public int Port { get; }

    /// <summary>Whether the client completed a TLS handshake after the scripted answer.</summary>
    public bool HandshakeCompleted { get; private set; }

    /// <summary>Whether the client sent anything at all after SSLRequest.</summary>
    public bool ClientSpokeAfterAnswer { get; private set; }

    /// <summary>Waits for the client to hang up (the script's own deadline bounds it), so what it recorded is final.</summary>
    public async ValueTask DisposeAsync()
    {
        await _serving;
        await _stop.CancelAsync();
        _listener.Stop();
        await _serving;
        _stop.Dispose();
    }

    private async Task ServeAsync()
    {
        try
        {
            using Socket socket = await _listener.AcceptSocketAsync(_stop.Token);
            await using var stream = new NetworkStream(socket, ownsSocket: false);
            byte[] request = new byte[8];
            await stream.ReadExactlyAsync(request, _stop.Token);
            Assert.Equal(SslRequest.RequestCode, BinaryPrimitives.ReadInt32BigEndian(request.AsSpan(4)));
            await stream.WriteAsync(_answer, _stop.Token);
            byte[] probe = new byte[1];
            ClientSpokeAfterAnswer = await stream.ReadAtLeastAsync(probe, 1, throwOnEndOfStream: false, _stop.Token) > 0;
            if (_serverCertificate is not null && ClientSpokeAfterAnswer)
            {
                await using var tls = new SslStream(new PrefixedStream(probe, stream));
                await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = _serverCertificate }, _stop.Token);
                HandshakeCompleted = true;
                await tls.ReadAtLeastAsync(new byte[1], 1, throwOnEndOfStream: false, _stop.Token);
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or System.Security.Authentication.AuthenticationException)
        {
            // The client hung up, which is what these scripts expect of it sooner or later.
        }
    }
}
