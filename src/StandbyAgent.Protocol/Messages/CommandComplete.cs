using System.Buffers;
using StandbyAgent.Protocol.Framing;

namespace StandbyAgent.Protocol.Messages;

/// <summary>A CommandComplete ('C') message: the command tag, such as START_STREAMING or COPY 0.</summary>
public readonly record struct CommandComplete(string Tag)
{
    public static CommandComplete Parse(ReadOnlySequence<byte> payload)
    {
        var reader = new PayloadReader(payload, "CommandComplete");
        string tag = reader.ReadCString();
        reader.EnsureEnd();
        return new CommandComplete(tag);
    }
}
