using System.Buffers;

namespace StandbyAgent.Protocol.Framing;

/// <summary>
/// One complete server message: its code and the bytes after the length word. The payload is a
/// slice of the receive buffer; it is valid until the reader advances past it.
/// </summary>
public readonly struct BackendFrame
{
    public BackendFrame(BackendMessageCode code, ReadOnlySequence<byte> payload)
    {
        Code = code;
        Payload = payload;
    }

    public BackendMessageCode Code { get; }

    public ReadOnlySequence<byte> Payload { get; }
}
