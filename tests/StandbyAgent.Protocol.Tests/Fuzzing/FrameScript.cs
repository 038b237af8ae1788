using StandbyAgent.Protocol.Framing;
using StandbyAgent.Testing.Fuzzing;

namespace StandbyAgent.Protocol.Tests.Fuzzing;

/// <summary>Messages a server sends one after another, for the state machines that consume them.</summary>
internal sealed record FrameScript((BackendMessageCode Code, byte[] Payload)[] Frames)
{
    public IEnumerable<BackendFrame> BackendFrames =>
        Frames.Select(frame => new BackendFrame(frame.Code, new ReadOnlySequence<byte>(frame.Payload)));

    public IEnumerable<FrameScript> Shrinks() => Shrink.Shorter(Frames).Select(frames => new FrameScript(frames));

    public override string ToString() =>
        string.Join(" ", Frames.Select(frame => $"{(char)frame.Code}:{Convert.ToHexString(frame.Payload)}"));
}
