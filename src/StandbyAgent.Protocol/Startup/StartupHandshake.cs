using System.Buffers;
using StandbyAgent.Protocol.Authentication;
using StandbyAgent.Protocol.Framing;
using StandbyAgent.Protocol.Frontend;
using StandbyAgent.Protocol.Messages;

namespace StandbyAgent.Protocol.Startup;

/// <summary>
/// Startup and authentication, from StartupMessage to ReadyForQuery, as a state machine fed one
/// server message at a time. It writes its answers into the output buffer and never touches a socket.
/// </summary>
public sealed class StartupHandshake
{
    private readonly IReadOnlyList<KeyValuePair<string, string>> _parameters;
    private readonly string _user;
    private readonly Password? _password;
    private readonly Action<PostgresNotice>? _onNotice;
    private readonly AuthenticationOptions _authentication;
    private readonly Dictionary<string, string> _serverParameters = new(StringComparer.Ordinal);
    private ScramSha256Client? _scram;
    private AuthenticationRequestType? _lastSaslStep;
    private bool _passwordSent;

    /// <param name="parameters">Startup parameters (user, database, replication, application_name, ...).</param>
    /// <param name="user">The user name, which the MD5 response mixes in.</param>
    /// <param name="password">Used only if the server asks for one; not owned.</param>
    /// <param name="onNotice">Receives NoticeResponse messages.</param>
    /// <param name="authentication">require_auth, channel_binding and the TLS channel; libpq's defaults without TLS when null.</param>
    public StartupHandshake(
        IReadOnlyList<KeyValuePair<string, string>> parameters,
        string user,
        Password? password,
        Action<PostgresNotice>? onNotice = null,
        AuthenticationOptions? authentication = null)
    {
        _parameters = parameters;
        _user = user;
        _password = password;
        _onNotice = onNotice;
        _authentication = authentication ?? AuthenticationOptions.Default;
    }

    /// <summary>Run-time settings the server reported (server_version, integer_datetimes, ...).</summary>
    public IReadOnlyDictionary<string, string> ServerParameters => _serverParameters;

    public BackendKeyData KeyData { get; private set; }

    /// <summary>The authentication method the server asked for, for logs ("trust", "md5", ...).</summary>
    public string AuthenticationMethod { get; private set; } = "trust";

    /// <summary>
    /// Whether the server accepted the client (AuthenticationOk). An error before that is an
    /// authentication failure, after which libpq retries with or without TLS as sslmode allows.
    /// </summary>
    public bool IsAuthenticated { get; private set; }

    public void WriteStartupMessage(IBufferWriter<byte> output) => StartupMessage.Write(output, _parameters);

    /// <summary>Handles one message; returns true once the server is ready for queries.</summary>
    /// <exception cref="PostgresException">The server refused the connection.</exception>
    /// <exception cref="PostgresAuthenticationException">This side cannot or will not authenticate.</exception>
    /// <exception cref="ProtocolViolationException">The server broke the protocol.</exception>
    public bool Process(in BackendFrame frame, IBufferWriter<byte> output)
    {
        switch (frame.Code)
        {
            case BackendMessageCode.AuthenticationRequest:
                Authenticate(AuthenticationRequest.Parse(frame.Payload), output);
                return false;
            case BackendMessageCode.ErrorResponse:
                throw new PostgresException(PostgresNotice.Parse(frame.Payload, "ErrorResponse"));
            case BackendMessageCode.NoticeResponse:
                PostgresNotice notice = PostgresNotice.Parse(frame.Payload, "NoticeResponse");
                _onNotice?.Invoke(notice);
                return false;
            case BackendMessageCode.NegotiateProtocolVersion:
                // Only an answer to a newer minor version or a _pq_ option, and this client asks
                // for neither: from a server it can only be a malfunction or an attack.
                NegotiateProtocolVersion.Parse(frame.Payload);
                throw new ProtocolViolationException("the server sent NegotiateProtocolVersion although protocol 3.0 without options was requested");
            case BackendMessageCode.ParameterStatus when IsAuthenticated:
                ParameterStatus status = ParameterStatus.Parse(frame.Payload);
                _serverParameters[status.Name] = status.Value;
                return false;
            case BackendMessageCode.BackendKeyData when IsAuthenticated:
                KeyData = BackendKeyData.Parse(frame.Payload);
                return false;
            case BackendMessageCode.ReadyForQuery when IsAuthenticated:
                ReadyForQuery.Parse(frame.Payload);
                return true;
            default:
                throw new ProtocolViolationException(
                    $"unexpected message type 0x{(byte)frame.Code:X2} during {(IsAuthenticated ? "startup" : "authentication")}");
        }
    }

    private void Authenticate(AuthenticationRequest request, IBufferWriter<byte> output)
    {
        if (IsAuthenticated)
        {
            throw new ProtocolViolationException("the server sent an authentication request after authentication succeeded");
        }

        bool clientFinished = _passwordSent || _scram?.IsServerVerified == true;
        AuthenticationExpectations.Check(request.Type, _authentication, clientFinished, _scram?.IsChannelBound == true);
        switch (request.Type)
        {
            case AuthenticationRequestType.Ok:
                // Stricter than libpq, which accepts an unfinished exchange unless require_auth forbids it.
                if (_scram is { IsServerVerified: false })
                {
                    throw new PostgresAuthenticationException(
                        "the server did not complete SCRAM authentication: it never proved that it knows the password");
                }

                IsAuthenticated = true;
                break;
            case AuthenticationRequestType.CleartextPassword:
                AuthenticationMethod = "password";
                using (PasswordBytes bytes = PasswordBytes.Encode(RequirePassword()))
                {
                    PasswordMessage.WritePassword(output, bytes.Span);
                }

                _passwordSent = true;
                break;
            case AuthenticationRequestType.Md5Password:
                AuthenticationMethod = "md5";
                Span<byte> salt = stackalloc byte[4];
                request.Data.CopyTo(salt);
                PasswordMessage.WritePassword(output, Md5Password.Compute(_user, RequirePassword(), salt));
                _passwordSent = true;
                break;
            case AuthenticationRequestType.Sasl:
                AuthenticationMethod = "scram-sha-256";
                StartSasl(request.ReadSaslMechanisms(), output);
                break;
            case AuthenticationRequestType.SaslContinue:
                ScramSha256Client scram = NextSaslStep("SASLContinue", AuthenticationRequestType.Sasl, request.Type);
                PasswordMessage.WriteSaslResponse(output, scram.CreateClientFinalMessage(request.Data.ToArray()));
                break;
            case AuthenticationRequestType.SaslFinal:
                NextSaslStep("SASLFinal", AuthenticationRequestType.SaslContinue, request.Type).VerifyServerFinalMessage(request.Data.ToArray());
                break;
            default:
                throw new PostgresAuthenticationException(
                    $"the server asked for authentication method {(int)request.Type} ({request.Type}), which this client does not support");
        }
    }

    private void StartSasl(IReadOnlyList<string> mechanisms, IBufferWriter<byte> output)
    {
        if (_scram is not null)
        {
            throw new ProtocolViolationException("the server started SASL authentication twice");
        }

        ScramChannelBinding channelBinding = ScramMechanismChoice.Choose(mechanisms, _authentication);
        _scram = new ScramSha256Client(RequirePassword(), channelBinding);
        _lastSaslStep = AuthenticationRequestType.Sasl;
        AuthenticationMethod = channelBinding.IsBound ? "scram-sha-256-plus" : "scram-sha-256";
        PasswordMessage.WriteSaslInitialResponse(output, _scram.MechanismName, _scram.CreateClientFirstMessage());
    }

    /// <summary>
    /// The SCRAM exchange, if the server's previous SASL message was <paramref name="previous"/>. The
    /// client takes each step once and in order, so a server that skips or repeats one breaks the protocol.
    /// </summary>
    private ScramSha256Client NextSaslStep(string message, AuthenticationRequestType previous, AuthenticationRequestType step)
    {
        ScramSha256Client scram = _scram ?? throw new ProtocolViolationException($"{message} arrived before SASL authentication started");
        if (_lastSaslStep != previous)
        {
            throw new ProtocolViolationException($"{message} arrived out of order, after {_lastSaslStep}");
        }

        _lastSaslStep = step;
        return scram;
    }

    private Password RequirePassword() =>
        _password ?? throw new PostgresAuthenticationException(
            "the server asked for a password and none was given: set it in the password file (passfile, PGPASSFILE, ~/.pgpass), PGPASSWORD or the connection string");
}
