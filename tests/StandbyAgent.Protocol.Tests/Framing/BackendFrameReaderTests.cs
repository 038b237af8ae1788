using System.Runtime.InteropServices;
using StandbyAgent.Protocol.Framing;
using StandbyAgent.Protocol.Tests.Support;
using StandbyAgent.Testing.Wire;

namespace StandbyAgent.Protocol.Tests.Framing;

public sealed class BackendFrameReaderTests
{
    // 'C', length 20, "IDENTIFY_SYSTEM\0": a frame with a 16-byte payload.
    private static readonly byte[] s_commandComplete = BackendMessages.Frame(BackendMessageCode.CommandComplete, BackendMessages.CommandComplete("IDENTIFY_SYSTEM"));

    [Fact]
    public void Complete_frame_yields_its_code_and_payload_and_consumes_exactly_the_frame()
    {
        byte[] buffer = BackendMessages.Concat(s_commandComplete, [(byte)'Z', 0, 0]);

        Assert.True(FrameReading.TryReadOne(Segments.Single(buffer), out BackendFrame frame, out long consumed));

        Assert.Equal(BackendMessageCode.CommandComplete, frame.Code);
        Assert.Equal("IDENTIFY_SYSTEM\0"u8.ToArray(), frame.Payload.ToArray());
        Assert.Equal(s_commandComplete.Length, consumed);
    }

    [Fact]
    public void Frame_with_length_four_has_an_empty_payload()
    {
        byte[] copyDone = Hex.Bytes("63 00000004");

        Assert.True(FrameReading.TryReadOne(Segments.Single(copyDone), out BackendFrame frame, out long consumed));

        Assert.Equal(BackendMessageCode.CopyDone, frame.Code);
        Assert.True(frame.Payload.IsEmpty);
        Assert.Equal(5, consumed);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Partial_header_returns_false_and_consumes_nothing(int available) =>
        AssertNeedsMoreBytes(s_commandComplete[..available]);

    [Theory]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(12)]
    [InlineData(20)]
    public void Partial_payload_returns_false_and_consumes_nothing(int available) =>
        AssertNeedsMoreBytes(s_commandComplete[..available]);

    [Fact]
    public void Every_prefix_of_a_frame_at_every_block_boundary_returns_false_and_consumes_nothing()
    {
        for (int available = 0; available < s_commandComplete.Length; available++)
        {
            AssertNeedsMoreBytes(s_commandComplete[..available]);
        }
    }

    [Fact]
    public void Several_frames_in_one_buffer_are_read_in_order()
    {
        byte[] buffer = IdentifySystemResponse();

        FrameReadOutcome outcome = FrameReading.ReadAll(Segments.Single(buffer));

        Assert.Null(outcome.Error);
        Assert.Equal(
            [BackendMessageCode.RowDescription, BackendMessageCode.DataRow, BackendMessageCode.CommandComplete, BackendMessageCode.ReadyForQuery],
            outcome.Frames.Select(frame => frame.Code));
        Assert.Equal(Convert.ToHexString(BackendMessages.ReadyForQuery('I')), outcome.Frames[^1].PayloadHex);
        Assert.Equal(buffer.Length, outcome.Consumed);
    }

    [Fact]
    public void Reading_stops_before_a_trailing_partial_frame()
    {
        byte[] complete = BackendMessages.Concat(s_commandComplete, s_commandComplete);
        byte[] buffer = BackendMessages.Concat(complete, s_commandComplete[..7]);

        FrameReadOutcome outcome = FrameReading.ReadAll(Segments.Single(buffer));

        Assert.Null(outcome.Error);
        Assert.Equal(2, outcome.Frames.Count);
        Assert.Equal(complete.Length, outcome.Consumed);
    }

    [Fact]
    public void Frames_split_at_every_block_boundary_read_the_same_as_one_block()
    {
        byte[] buffer = IdentifySystemResponse();
        string expected = FrameReading.ReadAll(Segments.Single(buffer)).Describe();

        foreach (ReadOnlySequence<byte> shape in Segments.EveryTwoWaySplit(buffer).Append(Segments.OneBytePerSegment(buffer)))
        {
            Assert.Equal(expected, FrameReading.ReadAll(shape).Describe());
        }
    }

    [Theory]
    [InlineData(3)]
    [InlineData(2)]
    [InlineData(1)]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(-4)]
    [InlineData(int.MinValue)]
    public void Length_word_below_four_is_rejected_before_any_payload_arrives(int lengthWord)
    {
        FrameReadOutcome outcome = FrameReading.ReadAll(Segments.Single(BackendMessages.Frame((byte)'D', lengthWord, [])));

        Assert.NotNull(outcome.Error);
        Assert.Contains(lengthWord.ToString(System.Globalization.CultureInfo.InvariantCulture), outcome.Error.Message, StringComparison.Ordinal);
        Assert.Equal(0, outcome.Consumed);
    }

    [Theory]
    [InlineData(int.MaxValue)]
    [InlineData(0x4000_0000)]
    [InlineData(ProtocolLimits.MaxBackendMessageLength + 1)]
    public void Length_word_above_the_limit_is_rejected_before_any_payload_arrives(int lengthWord)
    {
        FrameReadOutcome outcome = FrameReading.ReadAll(Segments.Single(BackendMessages.Frame((byte)'d', lengthWord, [])));

        Assert.NotNull(outcome.Error);
        Assert.Equal(0, outcome.Consumed);
    }

    [Fact]
    public void Length_word_of_two_gigabytes_is_rejected_when_the_header_straddles_blocks()
    {
        byte[] header = Hex.Bytes("64 7FFFFFFF");

        foreach (ReadOnlySequence<byte> shape in Segments.EveryThreeWaySplit(header))
        {
            Assert.Throws<ProtocolViolationException>(() => FrameReading.TryReadOne(shape, out _, out _));
        }
    }

    [Fact]
    public void Length_word_exactly_at_the_limit_waits_for_the_payload_and_then_reads_it()
    {
        const int payloadLength = ProtocolLimits.MaxBackendMessageLength - sizeof(int);
        byte[] buffer = BackendMessages.Frame((byte)'d', ProtocolLimits.MaxBackendMessageLength, new byte[payloadLength]);

        Assert.False(FrameReading.TryReadOne(Segments.Single(buffer[..5]), out _, out long waiting));
        Assert.Equal(0, waiting);
        Assert.False(FrameReading.TryReadOne(Segments.Single(buffer[..^1]), out _, out _));
        Assert.True(FrameReading.TryReadOne(Segments.Single(buffer), out BackendFrame frame, out long consumed));
        Assert.Equal(payloadLength, frame.Payload.Length);
        Assert.Equal(buffer.Length, consumed);
    }

    [Fact]
    public void Payload_is_a_slice_of_the_receive_buffer_not_a_copy()
    {
        byte[] buffer = BackendMessages.Concat(s_commandComplete, s_commandComplete);
        var reader = new SequenceReader<byte>(Segments.Single(buffer));
        Assert.True(BackendFrameReader.TryRead(ref reader, out _));

        Assert.True(BackendFrameReader.TryRead(ref reader, out BackendFrame second));

        Assert.True(MemoryMarshal.TryGetArray(second.Payload.First, out ArraySegment<byte> slice));
        Assert.Same(buffer, slice.Array);
        Assert.Equal(s_commandComplete.Length + BackendFrameReader.HeaderLength, slice.Offset);
    }

    [Theory]
    [InlineData(0x00)]
    [InlineData(0x7F)]
    [InlineData(0xFF)]
    public void Unknown_code_bytes_are_framed_and_left_to_the_caller_to_judge(byte code)
    {
        Assert.True(FrameReading.TryReadOne(Segments.Single(BackendMessages.Frame(code, 5, [42])), out BackendFrame frame, out _));

        Assert.Equal(code, (byte)frame.Code);
        Assert.Equal([42], frame.Payload.ToArray());
    }

    /// <summary>
    /// Property: on arbitrary bytes split arbitrarily, the reader throws nothing but
    /// ProtocolViolationException, never moves on a refusal, never leaves a complete frame
    /// unread, and behaves the same however the bytes are cut into blocks.
    /// </summary>
    [Fact]
    public void Arbitrary_streams_split_arbitrarily_are_framed_consistently_and_fail_only_with_protocol_violations()
    {
        Random random = TestRandom.Create();
        for (int i = 0; i < TestRandom.Cases; i++)
        {
            byte[] stream = RandomStream(random);
            FrameReadOutcome whole = FrameReading.ReadAll(Segments.Single(stream));
            FrameReadOutcome split = FrameReading.ReadAll(Segments.RandomSplit(stream, random, maxCuts: 6));

            Assert.Equal(whole.Describe(), split.Describe());
            Assert.Equal(whole.Frames.Sum(frame => BackendFrameReader.HeaderLength + (frame.PayloadHex.Length / 2)), whole.Consumed);
            if (whole.Error is null)
            {
                AssertNoCompleteFrameIn(stream.AsSpan((int)whole.Consumed));
            }
        }
    }

    private static void AssertNeedsMoreBytes(byte[] partial)
    {
        foreach (ReadOnlySequence<byte> shape in Segments.AllShapes(partial))
        {
            Assert.False(FrameReading.TryReadOne(shape, out _, out long consumed));
            Assert.Equal(0, consumed);
        }
    }

    private static void AssertNoCompleteFrameIn(ReadOnlySpan<byte> rest)
    {
        if (rest.Length >= BackendFrameReader.HeaderLength)
        {
            int length = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(rest[1..]);
            Assert.True(rest.Length - 1 < length, $"a complete frame of length {length} was left in {rest.Length} bytes");
        }
    }

    private static byte[] IdentifySystemResponse() => BackendMessages.Concat(
        BackendMessages.Frame(BackendMessageCode.RowDescription, BackendMessages.RowDescription(("systemid", BackendMessages.TextOid), ("timeline", BackendMessages.Int8Oid))),
        BackendMessages.Frame(BackendMessageCode.DataRow, BackendMessages.DataRow("7312345678901234567", "1")),
        BackendMessages.Frame(BackendMessageCode.CommandComplete, BackendMessages.CommandComplete("IDENTIFY_SYSTEM")),
        BackendMessages.Frame(BackendMessageCode.ReadyForQuery, BackendMessages.ReadyForQuery('I')));

    /// <summary>Mostly well-formed frames, with junk, hostile length words and truncation mixed in.</summary>
    private static byte[] RandomStream(Random random)
    {
        var stream = new PayloadBuilder();
        int pieces = random.Next(1, 6);
        for (int piece = 0; piece < pieces; piece++)
        {
            switch (random.Next(10))
            {
                case < 6:
                    stream.Bytes(BackendMessages.Frame((BackendMessageCode)random.Next(256), TestRandom.Bytes(random, random.Next(40))));
                    break;
                case 6:
                    stream.Bytes(TestRandom.Bytes(random, random.Next(1, 12)));
                    break;
                case 7:
                    stream.Byte((byte)random.Next(256)).Int32(random.Next(int.MinValue, 4));
                    break;
                case 8:
                    stream.Byte((byte)random.Next(256)).Int32(random.Next(ProtocolLimits.MaxBackendMessageLength + 1, int.MaxValue));
                    break;
                default:
                    stream.Byte((byte)random.Next(256)).Int32(random.Next(4, 200)).Bytes(TestRandom.Bytes(random, random.Next(30)));
                    break;
            }
        }

        byte[] bytes = stream.ToArray();
        return bytes[..random.Next(bytes.Length + 1)];
    }
}
