using StandbyAgent.Protocol.Framing;
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
    private static readonly IReadOnlyDictionary<string, BackendParserCase> s_cases = BackendParserCases.ByName;

    public static TheoryData<string> CaseNames => BackendParserCases.Names;

    public static TheoryData<string> StrictCaseNames => [.. s_cases.Values.Where(c => c.TruncationsAreInvalid).Select(c => c.Name)];

    public static TheoryData<string> ClosedCaseNames => [.. s_cases.Values.Where(c => c.TrailingByteIsInvalid).Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Payload_reads_the_same_at_every_pair_of_block_boundaries(string name)
    {
        BackendParserCase c = s_cases[name];
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
        BackendParserCase c = s_cases[name];
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
        BackendParserCase c = s_cases[name];

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
        BackendParserCase c = s_cases[name];

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
        BackendParserCase c = s_cases[name];
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
}
