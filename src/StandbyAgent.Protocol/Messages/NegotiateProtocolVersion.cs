using System.Buffers;
using StandbyAgent.Protocol.Framing;

namespace StandbyAgent.Protocol.Messages;

/// <summary>
/// A NegotiateProtocolVersion ('v'): the newest minor version the server supports and the
/// startup options it did not recognise.
/// </summary>
public sealed record NegotiateProtocolVersion(int NewestMinorVersion, IReadOnlyList<string> UnrecognizedOptions)
{
    public static NegotiateProtocolVersion Parse(ReadOnlySequence<byte> payload)
    {
        var reader = new PayloadReader(payload, "NegotiateProtocolVersion");
        int minor = reader.ReadInt32();
        int count = reader.ReadInt32();
        if (count < 0 || count > reader.Remaining)
        {
            throw reader.Violation($"option count {count}");
        }

        // The count is only a claim; the list grows with what is really there.
        var options = new List<string>(Math.Min(count, 16));
        for (int i = 0; i < count; i++)
        {
            options.Add(reader.ReadCString());
        }

        reader.EnsureEnd();
        return new NegotiateProtocolVersion(minor, options);
    }
}
