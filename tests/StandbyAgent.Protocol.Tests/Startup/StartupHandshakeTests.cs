using StandbyAgent.Protocol.Authentication;
using StandbyAgent.Protocol.Framing;
using StandbyAgent.Protocol.Frontend;
using StandbyAgent.Protocol.Messages;
using StandbyAgent.Protocol.Startup;
using StandbyAgent.Protocol.Tests.Support;
using StandbyAgent.Testing.Wire;

namespace StandbyAgent.Protocol.Tests.Startup;

public sealed class StartupHandshakeTests
{
    private static readonly KeyValuePair<string, string>[] s_parameters =
        [new("user", "rep"), new("database", "replication"), new("replication", "true"), new("application_name", "standby")];

    private static readonly BackendFrame s_authenticationOk = Message(BackendMessageCode.AuthenticationRequest, BackendMessages.Authentication(AuthenticationRequestType.Ok));

    [Fact]
    public void Startup_message_carries_the_connection_parameters()
    {
        var expected = new DirtyBufferWriter();
        StartupMessage.Write(expected, s_parameters);
        var output = new DirtyBufferWriter();

        NewHandshake().WriteStartupMessage(output);

        Assert.Equal(expected.WrittenBytes, output.WrittenBytes);
    }

    [Fact]
    public void Trust_authentication_completes_at_ready_for_query_with_the_server_parameters()
    {
        StartupHandshake handshake = NewHandshake();
        var output = new DirtyBufferWriter();

        bool[] ready =
        [
            handshake.Process(s_authenticationOk, output),
            handshake.Process(Message(BackendMessageCode.ParameterStatus, BackendMessages.ParameterStatus("server_version", "17.2")), output),
            handshake.Process(Message(BackendMessageCode.ParameterStatus, BackendMessages.ParameterStatus("integer_datetimes", "on")), output),
            handshake.Process(Message(BackendMessageCode.ParameterStatus, BackendMessages.ParameterStatus("server_version", "17.3")), output),
            handshake.Process(Message(BackendMessageCode.BackendKeyData, BackendMessages.BackendKeyData(4242, 77)), output),
            handshake.Process(Message(BackendMessageCode.ReadyForQuery, BackendMessages.ReadyForQuery('I')), output),
        ];

        Assert.Equal([false, false, false, false, false, true], ready);
        Assert.Equal(new Dictionary<string, string> { ["server_version"] = "17.3", ["integer_datetimes"] = "on" }, handshake.ServerParameters);
        Assert.Equal(new BackendKeyData(4242, 77), handshake.KeyData);
        Assert.Equal("trust", handshake.AuthenticationMethod);
        Assert.Equal(0, output.WrittenCount);
    }

    [Fact]
    public void Notices_during_startup_go_to_the_callback()
    {
        var notices = new List<PostgresNotice>();
        StartupHandshake handshake = NewHandshake(onNotice: notices.Add);
        var output = new DirtyBufferWriter();

        Assert.False(handshake.Process(Message(BackendMessageCode.NoticeResponse, BackendMessages.Notice(('V', "WARNING"), ('M', "hello"))), output));
        Assert.False(handshake.Process(s_authenticationOk, output));

        Assert.Equal("WARNING: hello", Assert.Single(notices).ToString());
    }

    /// <summary>Validation must not depend on whether anyone listens.</summary>
    [Fact]
    public void Malformed_notice_during_startup_is_a_protocol_violation_even_without_a_callback()
    {
        BackendFrame unterminated = Message(BackendMessageCode.NoticeResponse, "Mno terminator"u8.ToArray());

        Assert.Throws<ProtocolViolationException>(() => NewHandshake(onNotice: _ => { }).Process(unterminated, new DirtyBufferWriter()));
        Assert.Throws<ProtocolViolationException>(() => NewHandshake().Process(unterminated, new DirtyBufferWriter()));
    }

    [Theory]
    [InlineData(false, "FATAL", "28000", "no pg_hba.conf entry for replication connection")]
    [InlineData(true, "FATAL", "57P03", "the database system is starting up")]
    [InlineData(true, "FATAL", "53300", "remaining connection slots are reserved")]
    public void Error_response_before_or_after_authentication_becomes_a_postgres_exception(bool afterAuthentication, string severity, string sqlState, string message)
    {
        StartupHandshake handshake = NewHandshake();
        var output = new DirtyBufferWriter();
        if (afterAuthentication)
        {
            handshake.Process(s_authenticationOk, output);
        }

        PostgresException error = Assert.Throws<PostgresException>(
            () => handshake.Process(Message(BackendMessageCode.ErrorResponse, BackendMessages.Error(severity, sqlState, message)), output));

        Assert.Equal(sqlState, error.SqlState);
        Assert.True(error.IsFatal);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string, byte[]> PasswordRequests => new()
    {
        { "password", BackendMessages.Authentication(AuthenticationRequestType.CleartextPassword) },
        { "md5", BackendMessages.Authentication(AuthenticationRequestType.Md5Password, [1, 2, 3, 4]) },
        { "scram-sha-256", BackendMessages.Authentication(AuthenticationRequestType.Sasl, BackendMessages.SaslMechanisms("SCRAM-SHA-256")) },
    };

    [Theory]
    [MemberData(nameof(PasswordRequests))]
    public void Password_request_without_a_password_says_where_to_set_one(string method, byte[] request)
    {
        StartupHandshake handshake = NewHandshake(password: null);
        var output = new DirtyBufferWriter();

        PostgresAuthenticationException error = Assert.Throws<PostgresAuthenticationException>(
            () => handshake.Process(Message(BackendMessageCode.AuthenticationRequest, request), output));

        Assert.Equal(method, handshake.AuthenticationMethod);
        Assert.Contains("password file", error.Message, StringComparison.Ordinal);
        Assert.Contains("PGPASSWORD", error.Message, StringComparison.Ordinal);
        Assert.Contains("connection string", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, output.WrittenCount);
    }

    /// <summary>
    /// The 12-byte 'R' message can straddle two receive-buffer blocks anywhere, including inside the
    /// salt; the answer must not depend on where.
    /// </summary>
    [Fact]
    public void Md5_answer_is_the_same_wherever_a_block_boundary_falls_in_the_request()
    {
        using var password = new Password("s3cret".AsSpan());
        byte[] stream = BackendMessages.Frame(BackendMessageCode.AuthenticationRequest, BackendMessages.Authentication(AuthenticationRequestType.Md5Password, [0x01, 0x02, 0x03, 0x04]));
        byte[] expected = AnswerTo(stream, Segments.Single(stream), password);

        foreach (ReadOnlySequence<byte> shape in Segments.EveryTwoWaySplit(stream))
        {
            Assert.Equal(expected, AnswerTo(stream, shape, password));
        }
    }

    [Fact]
    public void Cleartext_password_request_is_answered_with_the_password()
    {
        using var password = new Password("s3cret".AsSpan());
        StartupHandshake handshake = NewHandshake(password);
        var output = new DirtyBufferWriter();

        Assert.False(handshake.Process(Message(BackendMessageCode.AuthenticationRequest, BackendMessages.Authentication(AuthenticationRequestType.CleartextPassword)), output));

        Assert.Equal(Hex.Bytes("70 0000000B 733363726574 00"), output.WrittenBytes);
        Assert.Equal("password", handshake.AuthenticationMethod);
    }

    [Theory]
    [InlineData(AuthenticationRequestType.KerberosV5)]
    [InlineData(AuthenticationRequestType.Gss)]
    [InlineData(AuthenticationRequestType.GssContinue)]
    [InlineData(AuthenticationRequestType.Sspi)]
    [InlineData((AuthenticationRequestType)99)]
    public void Unsupported_authentication_method_is_refused_naming_it(AuthenticationRequestType type)
    {
        using var password = new Password("s3cret".AsSpan());
        var output = new DirtyBufferWriter();

        PostgresAuthenticationException error = Assert.Throws<PostgresAuthenticationException>(
            () => NewHandshake(password).Process(Message(BackendMessageCode.AuthenticationRequest, BackendMessages.Authentication(type)), output));

        Assert.Contains($"method {(int)type}", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, output.WrittenCount);
    }

    [Fact]
    public void Sasl_without_a_supported_mechanism_is_refused()
    {
        using var password = new Password("s3cret".AsSpan());
        byte[] request = BackendMessages.Authentication(AuthenticationRequestType.Sasl, BackendMessages.SaslMechanisms("SCRAM-SHA-256-PLUS", "OAUTHBEARER"));

        Assert.Throws<PostgresAuthenticationException>(
            () => NewHandshake(password).Process(Message(BackendMessageCode.AuthenticationRequest, request), new DirtyBufferWriter()));
    }

    [Theory]
    [InlineData(AuthenticationRequestType.SaslContinue)]
    [InlineData(AuthenticationRequestType.SaslFinal)]
    public void Sasl_continuation_before_sasl_started_is_a_protocol_violation(AuthenticationRequestType type)
    {
        using var password = new Password("s3cret".AsSpan());

        Assert.Throws<ProtocolViolationException>(
            () => NewHandshake(password).Process(Message(BackendMessageCode.AuthenticationRequest, BackendMessages.Authentication(type, "r=x"u8)), new DirtyBufferWriter()));
    }

    public static TheoryData<BackendMessageCode, byte[]> MessagesOnlyAllowedAfterAuthentication => new()
    {
        { BackendMessageCode.ParameterStatus, BackendMessages.ParameterStatus("server_version", "17.2") },
        { BackendMessageCode.BackendKeyData, BackendMessages.BackendKeyData(1, 2) },
        { BackendMessageCode.ReadyForQuery, BackendMessages.ReadyForQuery('I') },
    };

    [Theory]
    [MemberData(nameof(MessagesOnlyAllowedAfterAuthentication))]
    public void Startup_message_before_authentication_is_a_protocol_violation(BackendMessageCode code, byte[] payload)
    {
        StartupHandshake handshake = NewHandshake();

        Assert.Throws<ProtocolViolationException>(() => handshake.Process(Message(code, payload), new DirtyBufferWriter()));

        Assert.Empty(handshake.ServerParameters);
    }

    [Fact]
    public void Authentication_ok_twice_is_a_protocol_violation()
    {
        StartupHandshake handshake = NewHandshake();
        var output = new DirtyBufferWriter();
        handshake.Process(s_authenticationOk, output);

        Assert.Throws<ProtocolViolationException>(() => handshake.Process(s_authenticationOk, output));
    }

    [Fact]
    public void Password_request_after_authentication_is_a_protocol_violation()
    {
        using var password = new Password("s3cret".AsSpan());
        StartupHandshake handshake = NewHandshake(password);
        var output = new DirtyBufferWriter();
        handshake.Process(s_authenticationOk, output);

        Assert.Throws<ProtocolViolationException>(
            () => handshake.Process(Message(BackendMessageCode.AuthenticationRequest, BackendMessages.Authentication(AuthenticationRequestType.CleartextPassword)), output));
        Assert.Equal(0, output.WrittenCount);
    }

    [Theory]
    [InlineData(BackendMessageCode.DataRow)]
    [InlineData(BackendMessageCode.CommandComplete)]
    [InlineData(BackendMessageCode.CopyData)]
    [InlineData(BackendMessageCode.CopyBothResponse)]
    [InlineData((BackendMessageCode)0)]
    public void Message_that_has_no_place_in_startup_is_a_protocol_violation(BackendMessageCode code)
    {
        StartupHandshake handshake = NewHandshake();
        var output = new DirtyBufferWriter();
        handshake.Process(s_authenticationOk, output);

        Assert.Throws<ProtocolViolationException>(() => handshake.Process(Message(code, [0, 0]), output));
    }

    [Fact]
    public void Malformed_authentication_request_is_a_protocol_violation()
    {
        byte[] okWithData = BackendMessages.Authentication(AuthenticationRequestType.Ok, [0]);

        Assert.Throws<ProtocolViolationException>(() => NewHandshake().Process(Message(BackendMessageCode.AuthenticationRequest, okWithData), new DirtyBufferWriter()));
    }

    private static byte[] AnswerTo(byte[] stream, ReadOnlySequence<byte> shape, Password password)
    {
        Assert.True(FrameReading.TryReadOne(shape, out BackendFrame frame, out long consumed));
        Assert.Equal(stream.Length, consumed);
        var output = new DirtyBufferWriter();
        Assert.False(NewHandshake(password).Process(frame, output));
        return output.WrittenBytes;
    }

    private static StartupHandshake NewHandshake(Password? password = null, Action<PostgresNotice>? onNotice = null) =>
        new(s_parameters, "rep", password, onNotice);

    private static BackendFrame Message(BackendMessageCode code, byte[] payload) => BackendMessages.ToBackendFrame(code, payload);
}
