using FsCheck.Fluent;
using StandbyAgent.Protocol.Framing;
using StandbyAgent.Protocol.Tests.Support;
using StandbyAgent.Testing.Fuzzing;
using StandbyAgent.Testing.Wire;

namespace StandbyAgent.Protocol.Tests.Fuzzing;

/// <summary>
/// A server can claim any length or count, up to 2 GB; memory must follow the bytes that really
/// came, never the claim. Allocations are counted on this thread around the parse alone, after a
/// warm-up, so one-time costs (JIT, static tables) are not charged to a case.
/// </summary>
public sealed class HostileLengthAllocationTests
{
    /// <summary>An exception with its stack trace, and a table bounded by a limit such as MaxColumns, fit in this.</summary>
    private const long FixedAllowance = 64 * 1024;

    /// <summary>Copies of the input a parser (and the table's description of its result) may make.</summary>
    private const long AllowancePerInputByte = 32;

    public static TheoryData<string> Parsers => BackendParserCases.Names;

    [Fact]
    public void Frame_reader_memory_follows_the_bytes_received_not_the_length_word()
    {
        static void ReadAll(ReadOnlySequence<byte> stream)
        {
            var reader = new SequenceReader<byte>(stream);
            while (BackendFrameReader.TryRead(ref reader, out _))
            {
            }
        }

        AssertBounded("the frame reader", new WireInput(BackendMessages.Frame(BackendMessageCode.ReadyForQuery, "I"u8), []), ReadAll);
        AssertBounded("the frame reader", new WireInput(BackendMessages.Frame((byte)BackendMessageCode.DataRow, -1, []), []), ReadAll);
        Fuzz.Check(Prop.ForAll(WireGen.Arbitrary(WireGen.ClaimingFrame), input => AssertBounded("the frame reader", input, ReadAll)));
    }

    [Theory]
    [MemberData(nameof(Parsers))]
    public void Parser_memory_follows_the_bytes_received_not_a_claimed_count_or_length(string parser)
    {
        BackendParserCase c = BackendParserCases.ByName[parser];
        void Parse(ReadOnlySequence<byte> payload) => c.Parse(payload);

        AssertBounded(parser, new WireInput(c.Payload, []), Parse);
        AssertBounded(parser, new WireInput(c.Payload[..^1], []), Parse);
        Fuzz.Check(Prop.ForAll(WireGen.Arbitrary(WireGen.Claiming(c.Payload)), input => AssertBounded(parser, input, Parse)));
    }

    private static void AssertBounded(string parser, WireInput input, Action<ReadOnlySequence<byte>> parse)
    {
        ReadOnlySequence<byte> bytes = input.Sequence;
        long before = GC.GetAllocatedBytesForCurrentThread();
        try
        {
            parse(bytes);
        }
        catch (ProtocolViolationException)
        {
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        long bound = FixedAllowance + (AllowancePerInputByte * input.Bytes.Length);
        Assert.True(allocated <= bound, $"{parser} allocated {allocated} bytes for {input.Bytes.Length} bytes received (bound {bound})");
    }
}
