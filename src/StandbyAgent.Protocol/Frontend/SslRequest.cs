using System.Buffers;

namespace StandbyAgent.Protocol.Frontend;

/// <summary>SSLRequest: Int32 8, Int32 80877103. The server answers with one byte, 'S' or 'N'.</summary>
public static class SslRequest
{
    public const int RequestCode = (1234 << 16) | 5679;

    public const byte Accepted = (byte)'S';

    public const byte Refused = (byte)'N';

    public static void Write(IBufferWriter<byte> output)
    {
        FrontendWriter.WriteInt32(output, 8);
        FrontendWriter.WriteInt32(output, RequestCode);
    }
}
