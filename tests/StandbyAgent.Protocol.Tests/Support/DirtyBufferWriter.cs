namespace StandbyAgent.Protocol.Tests.Support;

/// <summary>
/// An <see cref="IBufferWriter{T}"/> that hands out memory full of garbage (0xCC) and larger than
/// asked for, so a writer that leaves a byte unwritten, or advances further than it wrote, is caught.
/// </summary>
public sealed class DirtyBufferWriter : IBufferWriter<byte>
{
    public const byte Garbage = 0xCC;

    private readonly List<byte> _written = [];
    private byte[] _scratch = [];

    public byte[] WrittenBytes => [.. _written];

    public int WrittenCount => _written.Count;

    public void Advance(int count)
    {
        if (count < 0 || count > _scratch.Length)
        {
            throw new InvalidOperationException($"advanced {count} bytes past a buffer of {_scratch.Length}");
        }

        _written.AddRange(_scratch.AsSpan(0, count));
        _scratch = [];
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        _scratch = new byte[Math.Max(sizeHint, 1) + 64];
        _scratch.AsSpan().Fill(Garbage);
        return _scratch;
    }

    public Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;
}
