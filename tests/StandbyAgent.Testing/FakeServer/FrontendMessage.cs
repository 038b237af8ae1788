using System.Buffers.Binary;
using StandbyAgent.Protocol;

namespace StandbyAgent.Testing.FakeServer;

/// <summary>
/// One message the client sent, as the fake server received it, with the moment it arrived
/// (a <see cref="System.Diagnostics.Stopwatch"/> timestamp) so tests can check timing.
/// </summary>
/// <param name="Code">The type byte; <see cref="StartupPacket"/> for the first packet, which has none.</param>
/// <param name="Payload">The bytes after the length word.</param>
/// <param name="ReceivedTimestamp">When the whole message had arrived.</param>
public sealed record FrontendMessage(byte Code, byte[] Payload, long ReceivedTimestamp)
{
    /// <summary>The code given to the StartupMessage (or SSLRequest), which carries no type byte.</summary>
    public const byte StartupPacket = 0;

    /// <summary>SSLRequest's request code, 1234 5679.</summary>
    public const int SslRequestCode = (1234 << 16) | 5679;

    /// <summary>GSSENCRequest's request code, 1234 5680.</summary>
    public const int GssEncryptionRequestCode = (1234 << 16) | 5680;

    /// <summary>SSLRequest or GSSENCRequest: untyped, answered with one byte, and followed by another untyped packet.</summary>
    public bool IsEncryptionRequest =>
        Code == StartupPacket && Payload.Length == sizeof(int)
        && BinaryPrimitives.ReadInt32BigEndian(Payload) is SslRequestCode or GssEncryptionRequestCode;

    public bool Is(FrontendMessageCode code) => Code == (byte)code;

    /// <summary>A CopyData message whose payload starts with <paramref name="code"/>.</summary>
    public bool IsCopyData(ReplicationMessageCode code) =>
        Is(FrontendMessageCode.CopyData) && Payload.Length > 0 && Payload[0] == (byte)code;

    public override string ToString() =>
        Code == StartupPacket ? $"startup packet ({Payload.Length} bytes)" : $"'{(char)Code}' ({Payload.Length} bytes)";
}
