using FsCheck;
using FsCheck.Fluent;
using StandbyAgent.Protocol.Authentication;
using StandbyAgent.Protocol.Framing;
using StandbyAgent.Protocol.Startup;
using StandbyAgent.Protocol.Tests.Support;
using StandbyAgent.Testing.Fuzzing;
using StandbyAgent.Testing.Wire;

namespace StandbyAgent.Protocol.Tests.Fuzzing;

/// <summary>
/// Startup and authentication against a server that sends the messages of the handshake in any
/// order, any number of times, mangled or not: the handshake completes, waits, or ends with one of
/// the three errors it documents.
/// </summary>
public sealed class StartupHandshakeFuzzTests
{
    private static readonly KeyValuePair<string, string>[] s_parameters = [new("user", "rep"), new("replication", "true")];

    [Fact]
    public void Any_sequence_of_server_messages_is_followed_or_refused_with_a_documented_error()
    {
        Arbitrary<FrameScript> servers = WireGen.Script(
            Authentication(AuthenticationRequestType.Ok),
            Authentication(AuthenticationRequestType.CleartextPassword),
            Authentication(AuthenticationRequestType.Md5Password, [0xDE, 0xAD, 0xBE, 0xEF]),
            Authentication(AuthenticationRequestType.Sasl, BackendMessages.SaslMechanisms("SCRAM-SHA-256")),
            Authentication(AuthenticationRequestType.SaslContinue, "r=abc,s=c2FsdA==,i=4096"u8),
            Authentication(AuthenticationRequestType.SaslFinal, "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="u8),
            Authentication(AuthenticationRequestType.Gss),
            (BackendMessageCode.ErrorResponse, BackendMessages.Error("FATAL", "28P01", "password authentication failed")),
            (BackendMessageCode.NoticeResponse, BackendMessages.Notice(('S', "NOTICE"), ('M', "note"))),
            (BackendMessageCode.NegotiateProtocolVersion, BackendMessages.NegotiateProtocolVersion(0, "_pq_.x")),
            (BackendMessageCode.ParameterStatus, BackendMessages.ParameterStatus("server_version", "17.2")),
            (BackendMessageCode.BackendKeyData, BackendMessages.BackendKeyData(4242, 17)),
            (BackendMessageCode.ReadyForQuery, BackendMessages.ReadyForQuery('I')));

        Fuzz.Check(Prop.ForAll(servers, script =>
        {
            using var password = new Password("s3cret");
            var handshake = new StartupHandshake(s_parameters, "rep", password);
            var output = new DirtyBufferWriter();
            try
            {
                foreach (BackendFrame frame in script.BackendFrames)
                {
                    if (handshake.Process(frame, output))
                    {
                        Assert.True(handshake.IsAuthenticated);
                        return;
                    }
                }
            }
            catch (Exception refusal) when (refusal is PostgresException or PostgresAuthenticationException or ProtocolViolationException)
            {
            }
        }));
    }

    /// <summary>Found by the property above: the SCRAM client's own order check escaped as InvalidOperationException.</summary>
    [Fact]
    public void Sasl_final_before_sasl_continue_is_a_protocol_violation()
    {
        using var password = new Password("s3cret");
        var handshake = new StartupHandshake(s_parameters, "rep", password);
        var output = new DirtyBufferWriter();
        byte[] sasl = BackendMessages.Authentication(AuthenticationRequestType.Sasl, BackendMessages.SaslMechanisms("SCRAM-SHA-256"));
        byte[] saslFinal = BackendMessages.Authentication(AuthenticationRequestType.SaslFinal, "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="u8);

        handshake.Process(BackendMessages.ToBackendFrame(BackendMessageCode.AuthenticationRequest, sasl), output);

        Assert.Throws<ProtocolViolationException>(
            () => handshake.Process(BackendMessages.ToBackendFrame(BackendMessageCode.AuthenticationRequest, saslFinal), output));
    }

    private static (BackendMessageCode, byte[]) Authentication(AuthenticationRequestType type, ReadOnlySpan<byte> data = default) =>
        (BackendMessageCode.AuthenticationRequest, BackendMessages.Authentication(type, data));
}
