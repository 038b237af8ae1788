using System.Buffers.Text;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;

namespace StandbyAgent.Protocol.Authentication;

/// <summary>
/// The client side of SCRAM-SHA-256 (RFC 5802, RFC 7677) as PostgreSQL uses it, one object per
/// exchange: client-first-message, then client-final-message from the server-first-message, then
/// the check of the server-final-message, in that order and once each. A step that fails ends
/// the exchange.
/// </summary>
public sealed class ScramSha256Client
{
    public const string Mechanism = "SCRAM-SHA-256";

    // As libpq (SCRAM_RAW_NONCE_LEN); base64 makes it 24 printable characters without a comma.
    private const int NonceByteCount = 18;

    private readonly byte[] _clientNonce;
    private readonly byte[] _clientFirstMessageBare;
    private Password? _password;
    private byte[]? _expectedServerSignature;
    private Step _step = Step.ClientFirst;

    /// <param name="password">Not owned; read once, when the client-final-message is built.</param>
    public ScramSha256Client(Password password)
        : this(password, user: string.Empty, Convert.ToBase64String(RandomNumberGenerator.GetBytes(NonceByteCount)))
    {
    }

    /// <param name="password">Not owned; read once, when the client-final-message is built.</param>
    /// <param name="user">
    /// The n= attribute. PostgreSQL ignores it and authenticates the startup packet's user, so
    /// libpq sends it empty; test vectors need a name.
    /// </param>
    /// <param name="clientNonce">Printable ASCII without a comma; fixed only by tests.</param>
    internal ScramSha256Client(Password password, string user, string clientNonce)
    {
        _password = password;
        _clientNonce = Encoding.ASCII.GetBytes(clientNonce);

        // saslname escapes '=' and ',' (RFC 5802 section 5.1).
        string saslName = user.Replace("=", "=3D", StringComparison.Ordinal).Replace(",", "=2C", StringComparison.Ordinal);
        _clientFirstMessageBare = [.. Encoding.UTF8.GetBytes($"n={saslName},r="), .. _clientNonce];
    }

    private enum Step
    {
        ClientFirst,
        ClientFinal,
        VerifyServerFinal,
        Finished,
    }

    public byte[] CreateClientFirstMessage()
    {
        Begin(Step.ClientFirst);
        _step = Step.ClientFinal;
        return [.. Gs2Header(), .. _clientFirstMessageBare];
    }

    /// <exception cref="PostgresAuthenticationException">The server-first-message is malformed or hostile.</exception>
    public byte[] CreateClientFinalMessage(ReadOnlySpan<byte> serverFirstMessage)
    {
        Begin(Step.ClientFinal);
        Password password = _password!;
        _password = null;

        var serverFirst = ScramServerFirstMessage.Parse(serverFirstMessage, _clientNonce);
        byte[] withoutProof = [.. ChannelBindingAttribute(), .. ",r="u8, .. serverFirst.Nonce];
        byte[] authMessage = [.. _clientFirstMessageBare, (byte)',', .. serverFirstMessage, (byte)',', .. withoutProof];

        Span<byte> clientProof = stackalloc byte[ScramSha256Proofs.Length];
        Span<byte> encodedProof = stackalloc byte[Base64.GetMaxEncodedToUtf8Length(ScramSha256Proofs.Length)];
        byte[] serverSignature = new byte[ScramSha256Proofs.Length];
        try
        {
            using (PasswordBytes prepared = SaslPrep.Prepare(password))
            {
                ScramSha256Proofs.Compute(
                    prepared.Span, serverFirst.Salt, serverFirst.IterationCount, authMessage, clientProof, serverSignature);
            }

            Base64.EncodeToUtf8(clientProof, encodedProof, out _, out _);
            _expectedServerSignature = serverSignature;
            _step = Step.VerifyServerFinal;
            return [.. withoutProof, .. ",p="u8, .. encodedProof];
        }
        finally
        {
            CryptographicOperations.ZeroMemory(clientProof);
            CryptographicOperations.ZeroMemory(encodedProof);
        }
    }

    /// <summary>
    /// Checks that the server knows the password (or the verifier stored from it). Until this
    /// passes, an AuthenticationOk proves nothing.
    /// </summary>
    /// <exception cref="PostgresAuthenticationException">
    /// The server reported an error, sent a malformed message, or does not know the password.
    /// </exception>
    public void VerifyServerFinalMessage(ReadOnlySpan<byte> serverFinalMessage)
    {
        Begin(Step.VerifyServerFinal);
        byte[] expected = _expectedServerSignature!;
        _expectedServerSignature = null;

        Span<byte> received = stackalloc byte[ScramSha256Proofs.Length];
        try
        {
            ScramServerFinalMessage.ReadServerSignature(serverFinalMessage, received);
            if (!CryptographicOperations.FixedTimeEquals(received, expected))
            {
                throw new PostgresAuthenticationException(
                    "incorrect server signature: the server did not prove that it knows the password");
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(expected);
        }
    }

    // The GS2 header says whether the client binds the exchange to the TLS channel. The c= attribute
    // of client-final-message repeats it, followed by the binding data, so that the server can see a
    // downgrade. Without TLS the header is "n,," and there is no binding data. SCRAM-SHA-256-PLUS
    // (tls-server-end-point) will choose "p=tls-server-end-point,," or "y,," here and append the
    // certificate hash.
    private static ReadOnlySpan<byte> Gs2Header() => "n,,"u8;

    private static byte[] ChannelBindingAttribute() => [.. "c="u8, .. Encoding.ASCII.GetBytes(Convert.ToBase64String(Gs2Header()))];

    /// <summary>Enters a step; the exchange counts as finished until the step succeeds.</summary>
    private void Begin(Step step, [CallerMemberName] string method = "")
    {
        if (_step != step)
        {
            throw new InvalidOperationException($"{method} called out of order: the SCRAM exchange is at step {_step}");
        }

        _step = Step.Finished;
    }
}
