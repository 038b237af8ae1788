using System.Buffers.Text;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;

namespace StandbyAgent.Protocol.Authentication;

/// <summary>
/// The client side of SCRAM-SHA-256 and SCRAM-SHA-256-PLUS (RFC 5802, RFC 7677, RFC 5929) as
/// PostgreSQL uses it, one object per exchange: client-first-message, then client-final-message
/// from the server-first-message, then the check of the server-final-message, in that order and
/// once each. A step that fails ends the exchange.
/// </summary>
public sealed class ScramSha256Client
{
    public const string Mechanism = "SCRAM-SHA-256";

    public const string PlusMechanism = "SCRAM-SHA-256-PLUS";

    // As libpq (SCRAM_RAW_NONCE_LEN); base64 makes it 24 printable characters without a comma.
    private const int NonceByteCount = 18;

    private readonly ScramChannelBinding _channelBinding;
    private readonly byte[] _clientNonce;
    private readonly byte[] _clientFirstMessageBare;
    private Password? _password;
    private byte[]? _expectedServerSignature;
    private bool _serverVerified;
    private Step _step = Step.ClientFirst;

    /// <param name="password">Not owned; read once, when the client-final-message is built.</param>
    /// <param name="channelBinding">What the GS2 header says, which also chooses the mechanism.</param>
    public ScramSha256Client(Password password, ScramChannelBinding channelBinding)
        : this(password, channelBinding, user: string.Empty, Convert.ToBase64String(RandomNumberGenerator.GetBytes(NonceByteCount)))
    {
    }

    /// <param name="password">Not owned; read once, when the client-final-message is built.</param>
    /// <param name="channelBinding">What the GS2 header says, which also chooses the mechanism.</param>
    /// <param name="user">
    /// The n= attribute. PostgreSQL ignores it and authenticates the startup packet's user, so
    /// libpq sends it empty; test vectors need a name.
    /// </param>
    /// <param name="clientNonce">Printable ASCII without a comma; fixed only by tests.</param>
    internal ScramSha256Client(Password password, ScramChannelBinding channelBinding, string user, string clientNonce)
    {
        _password = password;
        _channelBinding = channelBinding;
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

    /// <summary>SCRAM-SHA-256-PLUS when bound to the TLS channel, SCRAM-SHA-256 otherwise.</summary>
    public string MechanismName => _channelBinding.Mechanism;

    /// <summary>True once the server proved that it knows the password (or the verifier stored from it).</summary>
    public bool IsServerVerified => _serverVerified;

    /// <summary>
    /// True once the server proved it over an exchange bound to the TLS channel: what
    /// channel_binding=require demands before it accepts AuthenticationOk.
    /// </summary>
    public bool IsChannelBound => _serverVerified && _channelBinding.IsBound;

    public byte[] CreateClientFirstMessage()
    {
        Begin(Step.ClientFirst);
        _step = Step.ClientFinal;
        return [.. _channelBinding.Gs2Header, .. _clientFirstMessageBare];
    }

    /// <exception cref="PostgresAuthenticationException">The server-first-message is malformed or hostile.</exception>
    public byte[] CreateClientFinalMessage(ReadOnlySpan<byte> serverFirstMessage)
    {
        Begin(Step.ClientFinal);
        Password password = _password!;
        _password = null;

        var serverFirst = ScramServerFirstMessage.Parse(serverFirstMessage, _clientNonce);
        byte[] withoutProof = [.. _channelBinding.ChannelBindingAttribute(), .. ",r="u8, .. serverFirst.Nonce];
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

            _serverVerified = true;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(expected);
        }
    }

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
