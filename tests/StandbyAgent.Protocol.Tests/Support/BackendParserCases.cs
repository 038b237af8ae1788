using StandbyAgent.Protocol.Messages;
using StandbyAgent.Protocol.Replication;
using StandbyAgent.Testing.Wire;

namespace StandbyAgent.Protocol.Tests.Support;

/// <summary>
/// Every backend message parser, each with one well-formed payload: the table that the conformance
/// tests and the fuzzing properties both run over.
/// </summary>
internal static class BackendParserCases
{
    public static IReadOnlyDictionary<string, BackendParserCase> ByName { get; } = new BackendParserCase[]
    {
        new("ErrorResponse", BackendMessageCode.ErrorResponse,
            BackendMessages.Notice(('S', "FEHLER"), ('V', "ERROR"), ('C', "42704"), ('M', "slot \"x\" does not exist"), ('D', "d"), ('H', "h"), ('F', "slot.c")),
            p => PostgresNotice.Parse(p, "ErrorResponse").ToString()),
        new("NoticeResponse", BackendMessageCode.NoticeResponse,
            BackendMessages.Notice(('V', "WARNING"), ('M', "naïve\u001B")),
            p => PostgresNotice.Parse(p, "NoticeResponse").ToString()),
        new("AuthenticationOk", BackendMessageCode.AuthenticationRequest,
            BackendMessages.Authentication(AuthenticationRequestType.Ok),
            p => AuthenticationRequest.Parse(p).Type.ToString()),
        new("AuthenticationMD5Password", BackendMessageCode.AuthenticationRequest,
            BackendMessages.Authentication(AuthenticationRequestType.Md5Password, [0xDE, 0xAD, 0xBE, 0xEF]),
            p => Describe(AuthenticationRequest.Parse(p))),
        new("AuthenticationSASL", BackendMessageCode.AuthenticationRequest,
            BackendMessages.Authentication(AuthenticationRequestType.Sasl, BackendMessages.SaslMechanisms("SCRAM-SHA-256-PLUS", "SCRAM-SHA-256")),
            p => string.Join(",", AuthenticationRequest.Parse(p).ReadSaslMechanisms())),
        new("AuthenticationSASLContinue", BackendMessageCode.AuthenticationRequest,
            BackendMessages.Authentication(AuthenticationRequestType.SaslContinue, "r=abc,s=c2FsdA==,i=4096"u8),
            p => Describe(AuthenticationRequest.Parse(p)), TruncationsAreInvalid: false, TrailingByteIsInvalid: false),
        new("ParameterStatus", BackendMessageCode.ParameterStatus,
            BackendMessages.ParameterStatus("server_version", "17.2"),
            p => ParameterStatus.Parse(p).ToString()),
        new("BackendKeyData", BackendMessageCode.BackendKeyData,
            BackendMessages.BackendKeyData(4242, -17),
            p => BackendKeyData.Parse(p).ToString()),
        new("ReadyForQuery", BackendMessageCode.ReadyForQuery,
            BackendMessages.ReadyForQuery('T'),
            p => ReadyForQuery.Parse(p).ToString()),
        new("CommandComplete", BackendMessageCode.CommandComplete,
            BackendMessages.CommandComplete("START_REPLICATION"),
            p => CommandComplete.Parse(p).ToString()),
        new("CopyBothResponse", BackendMessageCode.CopyBothResponse,
            BackendMessages.CopyBothResponse(1, 1, 0, 1),
            p => CopyBothResponse.Parse(p).ToString()),
        new("NegotiateProtocolVersion", BackendMessageCode.NegotiateProtocolVersion,
            BackendMessages.NegotiateProtocolVersion(2, "_pq_.a", "_pq_.b"),
            p => Describe(NegotiateProtocolVersion.Parse(p))),
        new("RowDescription", BackendMessageCode.RowDescription,
            BackendMessages.RowDescription(("next_tli", BackendMessages.Int8Oid), ("next_tli_startpos", BackendMessages.TextOid)),
            p => string.Join(",", RowDescription.Parse(p))),
        new("DataRow", BackendMessageCode.DataRow,
            BackendMessages.DataRow("3", null, "", "0/9949AE0"),
            p => string.Join(",", DataRow.Parse(p).Select(value => value is null ? "NULL" : Convert.ToHexString(value)))),
        new("XLogData", BackendMessageCode.CopyData,
            BackendMessages.XLogData(0x16_B374_D848, 0x16_B375_0000, 123_456_789, [1, 2, 3, 4, 5]),
            p => Describe(XLogData.Parse(p)), TruncationsAreInvalid: false, TrailingByteIsInvalid: false),
        new("PrimaryKeepalive", BackendMessageCode.CopyData,
            BackendMessages.PrimaryKeepalive(0x16_B374_D848, 123_456_789, 1),
            p => PrimaryKeepalive.Parse(p).ToString()),
    }.ToDictionary(c => c.Name);

    public static TheoryData<string> Names => [.. ByName.Keys];

    private static string Describe(AuthenticationRequest request) => $"{request.Type}:{Convert.ToHexString(request.Data.ToArray())}";

    private static string Describe(NegotiateProtocolVersion message) => $"{message.NewestMinorVersion}:{string.Join(",", message.UnrecognizedOptions)}";

    private static string Describe(XLogData message) =>
        $"{message.DataStart} {message.WalEnd} {message.SendTime} {Convert.ToHexString(message.Data.ToArray())}";
}

/// <param name="Parse">Parses a payload and describes the result as text, so results compare by value.</param>
/// <param name="TruncationsAreInvalid">False where a shorter payload is another valid message (free-form data).</param>
/// <param name="TrailingByteIsInvalid">False where the message ends in free-form data.</param>
internal sealed record BackendParserCase(
    string Name,
    BackendMessageCode Code,
    byte[] Payload,
    Func<ReadOnlySequence<byte>, string> Parse,
    bool TruncationsAreInvalid = true,
    bool TrailingByteIsInvalid = true);
