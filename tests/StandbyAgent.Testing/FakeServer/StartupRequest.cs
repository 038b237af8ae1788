using System.Buffers;
using StandbyAgent.Protocol.Framing;

namespace StandbyAgent.Testing.FakeServer;

/// <summary>A StartupMessage: Int32 protocol version, then name/value C-string pairs and a NUL.</summary>
public sealed record StartupRequest(int ProtocolVersion, IReadOnlyDictionary<string, string> Parameters)
{
    /// <summary>Protocol 3.0, the only version this client speaks.</summary>
    public const int ProtocolVersion3 = 3 << 16;

    /// <param name="payload">The packet after its length word.</param>
    public static StartupRequest Parse(byte[] payload)
    {
        var reader = new PayloadReader(new ReadOnlySequence<byte>(payload), "StartupMessage");
        int version = reader.ReadInt32();
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        while (true)
        {
            string name = reader.ReadCString();
            if (name.Length == 0)
            {
                break;
            }

            parameters.Add(name, reader.ReadCString());
        }

        reader.EnsureEnd();
        return new StartupRequest(version, parameters);
    }
}
