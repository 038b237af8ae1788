using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace StandbyAgent.Protocol.Frontend;

/// <summary>
/// The pieces every frontend message is made of, written straight into the output buffer.
/// Lengths are computed before writing and checked against Int32, so an oversized value can
/// never wrap the length word (the class of bug behind CVE-2024-32655).
/// </summary>
internal static class FrontendWriter
{
    public static int CStringLength(string value, string what)
    {
        if (value.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException($"{what} must not contain a NUL character");
        }

        return Encoding.UTF8.GetByteCount(value) + 1;
    }

    /// <summary>Writes the code byte and the length word (which counts itself, not the code).</summary>
    public static void WriteHeader(IBufferWriter<byte> output, FrontendMessageCode code, long bodyLength)
    {
        long length = bodyLength + sizeof(int);
        if (length > int.MaxValue)
        {
            throw new ArgumentException($"a message of {bodyLength} bytes is larger than the protocol allows");
        }

        Span<byte> header = output.GetSpan(5);
        header[0] = (byte)code;
        BinaryPrimitives.WriteInt32BigEndian(header[1..], (int)length);
        output.Advance(5);
    }

    public static void WriteInt32(IBufferWriter<byte> output, int value)
    {
        BinaryPrimitives.WriteInt32BigEndian(output.GetSpan(sizeof(int)), value);
        output.Advance(sizeof(int));
    }

    public static void WriteCString(IBufferWriter<byte> output, string value)
    {
        int length = Encoding.UTF8.GetByteCount(value);
        Span<byte> span = output.GetSpan(length + 1);
        Encoding.UTF8.GetBytes(value, span);
        span[length] = 0;
        output.Advance(length + 1);
    }

    public static void WriteBytes(IBufferWriter<byte> output, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(output.GetSpan(bytes.Length));
        output.Advance(bytes.Length);
    }
}
