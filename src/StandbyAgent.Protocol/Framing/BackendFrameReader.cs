using System.Buffers;

namespace StandbyAgent.Protocol.Framing;

/// <summary>
/// Cuts the receive buffer into messages: Byte1 code, Int32 length (counting itself), payload.
/// The length is checked before anything waits for the payload, so a hostile length can never
/// make the client buffer or allocate more than <see cref="ProtocolLimits.MaxBackendMessageLength"/>.
/// </summary>
public static class BackendFrameReader
{
    /// <summary>Code byte plus length word.</summary>
    public const int HeaderLength = 5;

    /// <summary>
    /// Reads one whole message, or returns false (consuming nothing) when more bytes are needed.
    /// </summary>
    /// <exception cref="ProtocolViolationException">The length word is impossible.</exception>
    public static bool TryRead(ref SequenceReader<byte> reader, out BackendFrame frame)
    {
        frame = default;
        if (reader.Remaining < HeaderLength)
        {
            return false;
        }

        SequenceReader<byte> lookahead = reader;
        lookahead.TryRead(out byte code);
        lookahead.TryReadBigEndian(out int length);
        ValidateLength(code, length);

        int payloadLength = length - sizeof(int);
        if (lookahead.Remaining < payloadLength)
        {
            return false;
        }

        ReadOnlySequence<byte> payload = lookahead.UnreadSequence.Slice(0, payloadLength);
        lookahead.Advance(payloadLength);
        reader = lookahead;
        frame = new BackendFrame((BackendMessageCode)code, payload);
        return true;
    }

    private static void ValidateLength(byte code, int length)
    {
        if (length < sizeof(int))
        {
            throw new ProtocolViolationException(
                $"invalid message length {length} for message type 0x{code:X2} from the server");
        }

        if (length > ProtocolLimits.MaxBackendMessageLength)
        {
            throw new ProtocolViolationException(
                $"message of type 0x{code:X2} from the server claims {length} bytes, more than the {ProtocolLimits.MaxBackendMessageLength} this client accepts");
        }
    }
}
