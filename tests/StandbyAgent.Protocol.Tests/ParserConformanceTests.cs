using StandbyAgent.Protocol.Framing;
using StandbyAgent.Protocol.Messages;
using StandbyAgent.Protocol.Replication;
using StandbyAgent.Protocol.Tests.Support;
using StandbyAgent.Testing.Wire;

namespace StandbyAgent.Protocol.Tests;

/// <summary>
/// What every backend message parser must do, checked over one table of well-formed payloads:
/// read the same at every block boundary (straight and through the frame reader), refuse every
/// truncation and a trailing byte, and on mangled input fail only with ProtocolViolationException.
/// </summary>
public sealed class ParserConformanceTests
{
    private static readonly Dictionary<string, ParserCase> s_cases = new ParserCase[]
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

    public static TheoryData<string> CaseNames => [.. s_cases.Keys];

    public static TheoryData<string> StrictCaseNames => [.. s_cases.Values.Where(c => c.TruncationsAreInvalid).Select(c => c.Name)];

    public static TheoryData<string> ClosedCaseNames => [.. s_cases.Values.Where(c => c.TrailingByteIsInvalid).Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Payload_reads_the_same_at_every_pair_of_block_boundaries(string name)
    {
        ParserCase c = s_cases[name];
        string expected = c.Parse(Segments.Single(c.Payload));

        foreach (ReadOnlySequence<byte> shape in Segments.AllShapes(c.Payload))
        {
            Assert.Equal(expected, c.Parse(shape));
        }
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Frame_read_from_a_stream_cut_at_every_offset_parses_the_same(string name)
    {
        ParserCase c = s_cases[name];
        string expected = c.Parse(Segments.Single(c.Payload));
        byte[] stream = BackendMessages.Frame(c.Code, c.Payload);

        foreach (ReadOnlySequence<byte> shape in Segments.EveryTwoWaySplit(stream))
        {
            Assert.True(FrameReading.TryReadOne(shape, out BackendFrame frame, out long consumed));
            Assert.Equal((c.Code, stream.Length), (frame.Code, (int)consumed));
            Assert.Equal(expected, c.Parse(frame.Payload));
        }
    }

    [Theory]
    [MemberData(nameof(StrictCaseNames))]
    public void Every_truncation_is_a_protocol_violation(string name)
    {
        ParserCase c = s_cases[name];

        for (int length = 0; length < c.Payload.Length; length++)
        {
            byte[] truncated = c.Payload[..length];
            Assert.Throws<ProtocolViolationException>(() => c.Parse(Segments.Single(truncated)));
        }
    }

    [Theory]
    [MemberData(nameof(ClosedCaseNames))]
    public void Trailing_byte_is_a_protocol_violation(string name)
    {
        ParserCase c = s_cases[name];

        foreach (byte extra in new byte[] { 0, 1, (byte)'S', 0xFF })
        {
            Assert.Throws<ProtocolViolationException>(() => c.Parse(Segments.Single([.. c.Payload, extra])));
        }
    }

    /// <summary>Property: mangled payloads (bytes flipped, cut, repeated or random) fail only as protocol violations.</summary>
    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Mangled_payloads_fail_only_with_protocol_violations(string name)
    {
        ParserCase c = s_cases[name];
        Random random = TestRandom.Create(name.Length);

        for (int i = 0; i < TestRandom.Cases; i++)
        {
            byte[] mangled = Mangle(c.Payload, random);
            try
            {
                c.Parse(Segments.RandomSplit(mangled, random, maxCuts: 3));
            }
            catch (ProtocolViolationException)
            {
            }
        }
    }

    private static byte[] Mangle(byte[] payload, Random random)
    {
        byte[] bytes = [.. payload];
        switch (random.Next(5))
        {
            case 0:
                for (int flips = random.Next(1, 4); flips > 0 && bytes.Length > 0; flips--)
                {
                    bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                }

                return bytes;
            case 1:
                // Set a byte to a boundary value: counts and lengths of 0x7F.., 0x80.., 0xFF.. are the hostile ones.
                if (bytes.Length > 0)
                {
                    bytes[random.Next(bytes.Length)] = (byte)(random.Next(2) == 0 ? 0xFF : 0x7F);
                }

                return bytes;
            case 2:
                return bytes[..random.Next(bytes.Length + 1)];
            case 3:
                return [.. bytes, .. bytes[..random.Next(bytes.Length + 1)]];
            default:
                return TestRandom.Bytes(random, random.Next(64));
        }
    }

    private static string Describe(AuthenticationRequest request) => $"{request.Type}:{Convert.ToHexString(request.Data.ToArray())}";

    private static string Describe(NegotiateProtocolVersion message) => $"{message.NewestMinorVersion}:{string.Join(",", message.UnrecognizedOptions)}";

    private static string Describe(XLogData message) =>
        $"{message.DataStart} {message.WalEnd} {message.SendTime} {Convert.ToHexString(message.Data.ToArray())}";

    /// <param name="Parse">Parses a payload and describes the result as text, so results compare by value.</param>
    /// <param name="TruncationsAreInvalid">False where a shorter payload is another valid message (free-form data).</param>
    /// <param name="TrailingByteIsInvalid">False where the message ends in free-form data.</param>
    private sealed record ParserCase(
        string Name,
        BackendMessageCode Code,
        byte[] Payload,
        Func<ReadOnlySequence<byte>, string> Parse,
        bool TruncationsAreInvalid = true,
        bool TrailingByteIsInvalid = true);
}
