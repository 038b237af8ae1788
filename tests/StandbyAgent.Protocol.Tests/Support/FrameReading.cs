using StandbyAgent.Protocol.Framing;

namespace StandbyAgent.Protocol.Tests.Support;

/// <summary>A frame copied out of the receive buffer.</summary>
public sealed record ReadFrame(BackendMessageCode Code, string PayloadHex);

/// <summary>What the frame reader made of a buffer: the frames, where it stopped, and why.</summary>
public sealed record FrameReadOutcome(IReadOnlyList<ReadFrame> Frames, long Consumed, ProtocolViolationException? Error)
{
    /// <summary>Everything but the exception object, for comparing two runs.</summary>
    public string Describe() =>
        string.Join(" | ", Frames.Select(frame => $"{(byte)frame.Code:X2}:{frame.PayloadHex}"))
        + $" | consumed {Consumed} | {Error?.Message ?? "no error"}";
}

/// <summary>Drives <see cref="BackendFrameReader"/> the way a receive loop does.</summary>
public static class FrameReading
{
    public static bool TryReadOne(ReadOnlySequence<byte> buffer, out BackendFrame frame, out long consumed)
    {
        var reader = new SequenceReader<byte>(buffer);
        bool read = BackendFrameReader.TryRead(ref reader, out frame);
        consumed = reader.Consumed;
        return read;
    }

    /// <summary>
    /// Reads frames until the reader asks for more bytes or throws. Checks on the way that a
    /// refusal or a violation never moves the reader.
    /// </summary>
    public static FrameReadOutcome ReadAll(ReadOnlySequence<byte> buffer)
    {
        var reader = new SequenceReader<byte>(buffer);
        var frames = new List<ReadFrame>();
        while (true)
        {
            long before = reader.Consumed;
            try
            {
                if (!BackendFrameReader.TryRead(ref reader, out BackendFrame frame))
                {
                    Assert.Equal(before, reader.Consumed);
                    return new FrameReadOutcome(frames, reader.Consumed, null);
                }

                Assert.True(reader.Consumed > before, "a frame was returned without consuming anything");
                frames.Add(new ReadFrame(frame.Code, Convert.ToHexString(frame.Payload.ToArray())));
            }
            catch (ProtocolViolationException e)
            {
                Assert.Equal(before, reader.Consumed);
                return new FrameReadOutcome(frames, reader.Consumed, e);
            }
        }
    }
}
