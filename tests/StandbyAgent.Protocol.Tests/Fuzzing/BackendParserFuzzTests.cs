using FsCheck.Fluent;
using StandbyAgent.Protocol.Tests.Support;
using StandbyAgent.Testing.Fuzzing;
using StandbyAgent.Testing.Wire;

namespace StandbyAgent.Protocol.Tests.Fuzzing;

/// <summary>Every backend message parser in <see cref="BackendParserCases"/>, on its example mutated.</summary>
public sealed class BackendParserFuzzTests
{
    public static TheoryData<string> Parsers => BackendParserCases.Names;

    [Theory]
    [MemberData(nameof(Parsers))]
    public void Mutated_payload_parses_alike_in_any_blocks_or_fails_as_a_protocol_violation(string parser)
    {
        BackendParserCase c = BackendParserCases.ByName[parser];

        Fuzz.Check(Prop.ForAll(WireGen.Arbitrary(WireGen.Around(c.Payload)), input =>
            Assert.Equal(Outcome(c, Segments.Single(input.Bytes)), Outcome(c, input.Sequence))));
    }

    /// <summary>The parsed message or the refusal, as text: anything else thrown falsifies the property.</summary>
    private static string Outcome(BackendParserCase c, ReadOnlySequence<byte> payload)
    {
        try
        {
            return c.Parse(payload);
        }
        catch (ProtocolViolationException violation)
        {
            return $"refused: {violation.Message}";
        }
    }
}
