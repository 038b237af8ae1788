using System.Buffers;
using System.Globalization;
using StandbyAgent.Protocol.Frontend;

namespace StandbyAgent.Protocol.Messages;

/// <summary>
/// Postgres Pro's answer to the rsocket request: code 'S' (the code ParameterStatus uses), then
/// the port of the rsocket listener the backend opened, as one C string. ParameterStatus carries
/// two strings, which is how the two are told apart.
/// </summary>
public readonly record struct RsocketPortReply(int Port)
{
    /// <summary>"65535" and its NUL.</summary>
    private const int MaxPayloadLength = 6;

    /// <returns>False when the payload is not one port number as a C string (a ParameterStatus, for instance).</returns>
    public static bool TryParse(ReadOnlySequence<byte> payload, out RsocketPortReply reply)
    {
        reply = default;
        if (payload.Length is < 2 or > MaxPayloadLength)
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[MaxPayloadLength];
        bytes = bytes[..(int)payload.Length];
        payload.CopyTo(bytes);
        // int.TryParse would also accept trailing NULs, as in a ParameterStatus with an empty value.
        if (bytes[^1] != 0
            || bytes[..^1].ContainsAnyExceptInRange((byte)'0', (byte)'9')
            || !int.TryParse(bytes[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out int port)
            || port is < 1 or > 65535)
        {
            return false;
        }

        reply = new RsocketPortReply(port);
        return true;
    }

    /// <summary>The backend's side of the exchange, as the relay in front of a vanilla PostgreSQL sends it.</summary>
    public static void Write(IBufferWriter<byte> output, int port)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(port, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        string text = port.ToString(CultureInfo.InvariantCulture);
        output.GetSpan(1)[0] = (byte)BackendMessageCode.ParameterStatus;
        output.Advance(1);
        FrontendWriter.WriteInt32(output, sizeof(int) + text.Length + 1);
        FrontendWriter.WriteCString(output, text);
    }
}
