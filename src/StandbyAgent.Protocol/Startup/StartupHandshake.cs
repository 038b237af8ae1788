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
    private readonly Dictionary<string, string> _serverParameters = new(StringComparer.Ordinal);
    private ScramSha256Client? _scram;
    private bool _scramVerified;
    private bool _authenticated;

    /// <param name="parameters">Startup parameters (user, database, replication, application_name, ...).</param>
    /// <param name="user">The user name, which the MD5 response mixes in.</param>
    /// <param name="password">Used only if the server asks for one; not owned.</param>
    /// <param name="onNotice">Receives NoticeResponse messages.</param>
    public StartupHandshake(
        IReadOnlyList<KeyValuePair<string, string>> parameters,
        string user,
        Password? password,
        Action<PostgresNotice>? onNotice = null)
    {
        _parameters = parameters;
        _user = user;
        _password = password;
        _onNotice = onNotice;
    }

    /// <summary>Run-time settings the server reported (server_version, integer_datetimes, ...).</summary>
    public IReadOnlyDictionary<string, string> ServerParameters => _serverParameters;

    public BackendKeyData KeyData { get; private set; }

    /// <summary>The authentication method the server asked for, for logs ("trust", "md5", ...).</summary>
    public string AuthenticationMethod { get; private set; } = "trust";

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
            case BackendMessageCode.ParameterStatus when _authenticated:
                ParameterStatus status = ParameterStatus.Parse(frame.Payload);
                _serverParameters[status.Name] = status.Value;
                return false;
            case BackendMessageCode.BackendKeyData when _authenticated:
                KeyData = BackendKeyData.Parse(frame.Payload);
                return false;
            case BackendMessageCode.ReadyForQuery when _authenticated:
                ReadyForQuery.Parse(frame.Payload);
                return true;
            default:
                throw new ProtocolViolationException(
                    $"unexpected message type 0x{(byte)frame.Code:X2} during {(_authenticated ? "startup" : "authentication")}");
        }
    }

    private void Authenticate(AuthenticationRequest request, IBufferWriter<byte> output)
    {
        if (_authenticated)
        {
            throw new ProtocolViolationException("the server sent an authentication request after authentication succeeded");
        }

        switch (request.Type)
        {
            case AuthenticationRequestType.Ok:
                if (_scram is not null && !_scramVerified)
                {
                    throw new PostgresAuthenticationException(
                        "the server did not complete SCRAM authentication: it never proved that it knows the password");
                }

                _authenticated = true;
                break;
            case AuthenticationRequestType.CleartextPassword:
                AuthenticationMethod = "password";
                using (PasswordBytes bytes = PasswordBytes.Encode(RequirePassword()))
                {
                    PasswordMessage.WritePassword(output, bytes.Span);
                }

                break;
            case AuthenticationRequestType.Md5Password:
                AuthenticationMethod = "md5";
                Span<byte> salt = stackalloc byte[4];
                request.Data.CopyTo(salt);
                PasswordMessage.WritePassword(output, Md5Password.Compute(_user, RequirePassword(), salt));
                break;
            case AuthenticationRequestType.Sasl:
                AuthenticationMethod = "scram-sha-256";
                StartSasl(request.ReadSaslMechanisms(), output);
                break;
            case AuthenticationRequestType.SaslContinue:
                ScramSha256Client scram = _scram ?? throw new ProtocolViolationException("SASLContinue arrived before SASL authentication started");
                PasswordMessage.WriteSaslResponse(output, scram.CreateClientFinalMessage(request.Data.ToArray()));
                break;
            case AuthenticationRequestType.SaslFinal:
                (_scram ?? throw new ProtocolViolationException("SASLFinal arrived before SASL authentication started"))
                    .VerifyServerFinalMessage(request.Data.ToArray());
                _scramVerified = true;
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

        if (!mechanisms.Contains(ScramSha256Client.Mechanism))
        {
            throw new PostgresAuthenticationException(
                $"none of the server's SASL authentication mechanisms ({string.Join(", ", mechanisms)}) are supported");
        }

        _scram = new ScramSha256Client(RequirePassword());
        PasswordMessage.WriteSaslInitialResponse(output, ScramSha256Client.Mechanism, _scram.CreateClientFirstMessage());
    }

    private Password RequirePassword() =>
        _password ?? throw new PostgresAuthenticationException(
            "the server asked for a password and none was given: set it in the password file (passfile, PGPASSFILE, ~/.pgpass), PGPASSWORD or the connection string");
}
