using System.Buffers;
using StandbyAgent.Protocol.Framing;

namespace StandbyAgent.Protocol.Messages;

/// <summary>A ParameterStatus ('S') message: a run-time setting the server reports.</summary>
public readonly record struct ParameterStatus(string Name, string Value)
{
    public static ParameterStatus Parse(ReadOnlySequence<byte> payload)
    {
        var reader = new PayloadReader(payload, "ParameterStatus");
        string name = reader.ReadCString();
        string value = reader.ReadCString();
        reader.EnsureEnd();
        return new ParameterStatus(name, value);
    }
}
