using System.Buffers.Binary;
using FsCheck;
using FsCheck.Fluent;
using StandbyAgent.Protocol.Framing;
using StandbyAgent.Protocol.Tests.Support;
using StandbyAgent.Testing.Fuzzing;
using StandbyAgent.Testing.Wire;

namespace StandbyAgent.Protocol.Tests.Fuzzing;

/// <summary>
/// The frame reader against whatever the network delivers: any bytes, cut into receive blocks
/// anywhere, with length words of 0, negative, past the limit and near 2 GB.
/// </summary>
public sealed class FrameReaderFuzzTests
{
    [Fact]
    public void Any_byte_stream_is_read_as_frames_or_refused_as_a_protocol_violation()
    {
        // ReadAll turns a ProtocolViolationException into an outcome; any other exception escapes and falsifies.
        Fuzz.Check(Prop.ForAll(WireGen.Arbitrary(WireGen.FrameStream), input =>
            Assert.Equal(FrameReading.ReadAll(Segments.Single(input.Bytes)).Describe(), FrameReading.ReadAll(input.Sequence).Describe())));
    }

    [Fact]
    public void A_length_word_is_judged_before_the_payload_it_announces_arrives()
    {
        Fuzz.Check(Prop.ForAll(WireGen.Arbitrary(WireGen.ClaimingFrame), input =>
        {
            if (input.Bytes.Length < BackendFrameReader.HeaderLength)
            {
                AssertWaits(input);
                return;
            }

            int lengthWord = BinaryPrimitives.ReadInt32BigEndian(input.Bytes.AsSpan(1));
            if (lengthWord is < sizeof(int) or > ProtocolLimits.MaxBackendMessageLength)
            {
                Assert.Throws<ProtocolViolationException>(() => FrameReading.TryReadOne(input.Sequence, out _, out _));
            }
            else if (input.Bytes.Length <= lengthWord)
            {
                AssertWaits(input);
            }
            else
            {
                Assert.True(FrameReading.TryReadOne(input.Sequence, out _, out long consumed));
                Assert.Equal(1 + lengthWord, consumed);
            }
        }));
    }

    private static void AssertWaits(WireInput input)
    {
        Assert.False(FrameReading.TryReadOne(input.Sequence, out _, out long consumed));
        Assert.Equal(0, consumed);
    }
}
