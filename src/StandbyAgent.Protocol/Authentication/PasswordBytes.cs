using System.Buffers;
using System.Text;

namespace StandbyAgent.Protocol.Authentication;

/// <summary>The UTF-8 bytes of a password in a rented buffer that is wiped on dispose.</summary>
internal readonly struct PasswordBytes : IDisposable
{
    private const int Utf8MaxBytesPerScalar = 4;

    private readonly byte[] _buffer;
    private readonly int _length;

    private PasswordBytes(byte[] buffer, int length)
    {
        _buffer = buffer;
        _length = length;
    }

    public ReadOnlySpan<byte> Span => _buffer.AsSpan(0, _length);

    public static PasswordBytes Encode(Password password)
    {
        ReadOnlySpan<char> characters = password.Span;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(characters.Length));
        int length = Encoding.UTF8.GetBytes(characters, buffer);
        return new PasswordBytes(buffer, length);
    }

    /// <param name="codePoints">Unicode scalar values, such as a password after SASLprep.</param>
    public static PasswordBytes Encode(ReadOnlySpan<int> codePoints)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(codePoints.Length * Utf8MaxBytesPerScalar);
        int length = 0;
        foreach (int codePoint in codePoints)
        {
            length += new Rune(codePoint).EncodeToUtf8(buffer.AsSpan(length));
        }

        return new PasswordBytes(buffer, length);
    }

    public void Dispose()
    {
        Array.Clear(_buffer);
        ArrayPool<byte>.Shared.Return(_buffer);
    }
}
