using System.Buffers;

namespace StandbyAgent.Protocol.Frontend;

/// <summary>
/// StartupMessage: Int32 length, Int32 protocol version 3.0 (196608), name/value C-string pairs,
/// a final NUL. It has no code byte.
/// </summary>
public static class StartupMessage
{
    public const int ProtocolVersion3 = 3 << 16;

    public static void Write(IBufferWriter<byte> output, IReadOnlyList<KeyValuePair<string, string>> parameters)
    {
        long length = sizeof(int) + sizeof(int) + 1;
        foreach ((string name, string value) in parameters)
        {
            length += FrontendWriter.CStringLength(name, "a startup parameter name")
                + FrontendWriter.CStringLength(value, $"startup parameter \"{name}\"");
        }

        if (length > 10_000)
        {
            // The server refuses startup packets over 10000 bytes (MAX_STARTUP_PACKET_LENGTH).
            throw new ArgumentException("the connection parameters are too long for a startup message");
        }

        FrontendWriter.WriteInt32(output, (int)length);
        FrontendWriter.WriteInt32(output, ProtocolVersion3);
        foreach ((string name, string value) in parameters)
        {
            FrontendWriter.WriteCString(output, name);
            FrontendWriter.WriteCString(output, value);
        }

        output.GetSpan(1)[0] = 0;
        output.Advance(1);
    }
}
