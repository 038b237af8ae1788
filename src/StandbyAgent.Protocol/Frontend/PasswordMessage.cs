using System.Buffers;

namespace StandbyAgent.Protocol.Frontend;

/// <summary>
/// The 'p' messages: PasswordMessage (a C string: cleartext or the MD5 hash), SASLInitialResponse
/// (mechanism, Int32 length or -1, data) and SASLResponse (data only).
/// </summary>
public static class PasswordMessage
{
    public static void WritePassword(IBufferWriter<byte> output, ReadOnlySpan<byte> passwordOrHash)
    {
        if (passwordOrHash.Contains((byte)0))
        {
            throw new ArgumentException("a password must not contain a NUL character");
        }

        FrontendWriter.WriteHeader(output, FrontendMessageCode.PasswordMessage, passwordOrHash.Length + 1);
        FrontendWriter.WriteBytes(output, passwordOrHash);
        FrontendWriter.WriteBytes(output, [0]);
    }

    public static void WriteSaslInitialResponse(IBufferWriter<byte> output, string mechanism, ReadOnlySpan<byte> data)
    {
        long body = FrontendWriter.CStringLength(mechanism, "a SASL mechanism") + sizeof(int) + (long)data.Length;
        FrontendWriter.WriteHeader(output, FrontendMessageCode.PasswordMessage, body);
        FrontendWriter.WriteCString(output, mechanism);
        FrontendWriter.WriteInt32(output, data.Length);
        FrontendWriter.WriteBytes(output, data);
    }

    public static void WriteSaslResponse(IBufferWriter<byte> output, ReadOnlySpan<byte> data)
    {
        FrontendWriter.WriteHeader(output, FrontendMessageCode.PasswordMessage, data.Length);
        FrontendWriter.WriteBytes(output, data);
    }
}
