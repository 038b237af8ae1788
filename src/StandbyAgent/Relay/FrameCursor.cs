namespace StandbyAgent.Relay;

/// <summary>
/// Where a byte stream of length-prefixed frames stands: collecting a fixed-size header (which may
/// arrive split across reads) or skipping the body the header announced.
/// </summary>
internal sealed class FrameCursor
{
    private readonly byte[] _header = new byte[8];
    private int _headerFilled;
    private long _skip;

    public FrameCursor(int headerLength)
    {
        HeaderLength = headerLength;
    }

    /// <summary>Bytes in the next header; changes between the untyped startup packet and typed messages.</summary>
    public int HeaderLength { get; set; }

    public bool AtFrameStart => _headerFilled == 0 && _skip == 0;

    /// <summary>Takes bytes from <paramref name="data"/> for the current header or body.</summary>
    /// <param name="header">The complete header, when this call completed one; empty otherwise.</param>
    /// <returns>How many bytes were taken.</returns>
    public int Consume(ReadOnlySpan<byte> data, out ReadOnlySpan<byte> header)
    {
        header = default;
        if (_skip > 0)
        {
            int skipped = (int)Math.Min(_skip, data.Length);
            _skip -= skipped;
            return skipped;
        }

        int taken = Math.Min(HeaderLength - _headerFilled, data.Length);
        data[..taken].CopyTo(_header.AsSpan(_headerFilled));
        _headerFilled += taken;
        if (_headerFilled == HeaderLength)
        {
            _headerFilled = 0;
            header = _header.AsSpan(0, HeaderLength);
        }

        return taken;
    }

    /// <summary>Skips the body the header just read announced.</summary>
    /// <exception cref="InvalidDataException">The length word is smaller than the header counts it.</exception>
    public void Skip(long bodyLength)
    {
        if (bodyLength < 0)
        {
            throw new InvalidDataException($"a message announces a length {bodyLength} bytes short of its own header");
        }

        _skip = bodyLength;
    }
}
