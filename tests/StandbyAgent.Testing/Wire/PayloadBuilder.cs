using System.Buffers.Binary;
using System.Text;
using StandbyAgent.Protocol;

namespace StandbyAgent.Testing.Wire;

/// <summary>
/// Assembles a message payload field by field, integers big-endian, exactly as the protocol
/// documentation lays the message out.
/// </summary>
public sealed class PayloadBuilder
{
    private readonly List<byte> _bytes = [];

    public int Length => _bytes.Count;

    public PayloadBuilder Byte(byte value)
    {
        _bytes.Add(value);
        return this;
    }

    public PayloadBuilder Int16(short value)
    {
        Span<byte> bytes = stackalloc byte[sizeof(short)];
        BinaryPrimitives.WriteInt16BigEndian(bytes, value);
        return Bytes(bytes);
    }

    public PayloadBuilder Int32(int value)
    {
        Span<byte> bytes = stackalloc byte[sizeof(int)];
        BinaryPrimitives.WriteInt32BigEndian(bytes, value);
        return Bytes(bytes);
    }

    public PayloadBuilder Int64(long value)
    {
        Span<byte> bytes = stackalloc byte[sizeof(long)];
        BinaryPrimitives.WriteInt64BigEndian(bytes, value);
        return Bytes(bytes);
    }

    public PayloadBuilder UInt64(ulong value) => Int64(unchecked((long)value));

    /// <summary>UTF-8 text followed by a NUL.</summary>
    public PayloadBuilder CString(string value) => Text(value).Byte(0);

    /// <summary>UTF-8 text without a terminator.</summary>
    public PayloadBuilder Text(string value) => Bytes(Encoding.UTF8.GetBytes(value));

    public PayloadBuilder Bytes(ReadOnlySpan<byte> value)
    {
        _bytes.AddRange(value);
        return this;
    }

    public byte[] ToArray() => [.. _bytes];

    /// <summary>Code byte, Int32 length counting itself, then this payload.</summary>
    public byte[] ToFrame(BackendMessageCode code) => BackendMessages.Frame(code, ToArray());
}
