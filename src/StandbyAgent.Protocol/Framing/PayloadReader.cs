using System.Buffers;
using System.Text;

namespace StandbyAgent.Protocol.Framing;

/// <summary>
/// Reads the fields of one message payload. Every read is bounds-checked and a short or
/// malformed payload becomes a <see cref="ProtocolViolationException"/> naming the message.
/// </summary>
public ref struct PayloadReader
{
    private static readonly UTF8Encoding s_lenientUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);
    private SequenceReader<byte> _reader;
    private readonly string _messageName;

    public PayloadReader(ReadOnlySequence<byte> payload, string messageName)
    {
        _reader = new SequenceReader<byte>(payload);
        _messageName = messageName;
    }

    public readonly long Remaining => _reader.Remaining;

    public readonly ReadOnlySequence<byte> UnreadSequence => _reader.UnreadSequence;

    public byte ReadByte() => _reader.TryRead(out byte value) ? value : throw Truncated();

    public short ReadInt16() => _reader.TryReadBigEndian(out short value) ? value : throw Truncated();

    public int ReadInt32() => _reader.TryReadBigEndian(out int value) ? value : throw Truncated();

    public long ReadInt64() => _reader.TryReadBigEndian(out long value) ? value : throw Truncated();

    public ulong ReadUInt64() => unchecked((ulong)ReadInt64());

    /// <summary>Reads a NUL-terminated string, replacing invalid UTF-8 rather than failing on it.</summary>
    public string ReadCString()
    {
        if (!_reader.TryReadTo(out ReadOnlySequence<byte> text, 0))
        {
            throw Violation("a string is not terminated");
        }

        return s_lenientUtf8.GetString(text);
    }

    /// <summary>Takes the next <paramref name="count"/> bytes as a slice, without copying.</summary>
    public ReadOnlySequence<byte> ReadSlice(long count)
    {
        if (count < 0 || count > _reader.Remaining)
        {
            throw Violation($"a field of {count} bytes does not fit in the {_reader.Remaining} bytes left");
        }

        ReadOnlySequence<byte> slice = _reader.UnreadSequence.Slice(0, count);
        _reader.Advance(count);
        return slice;
    }

    public ReadOnlySequence<byte> ReadToEnd()
    {
        ReadOnlySequence<byte> rest = _reader.UnreadSequence;
        _reader.AdvanceToEnd();
        return rest;
    }

    /// <summary>Insists that the payload has been read completely.</summary>
    public readonly void EnsureEnd()
    {
        if (_reader.Remaining != 0)
        {
            throw Violation($"{_reader.Remaining} unexpected bytes at the end");
        }
    }

    public readonly ProtocolViolationException Violation(string problem) =>
        new($"malformed {_messageName} message from the server: {problem}");

    private readonly ProtocolViolationException Truncated() => Violation("it is shorter than its fields");
}
