namespace StandbyAgent.Protocol.Authentication;

/// <summary>
/// A password held in a char array that is wiped when disposed, and that prints as asterisks,
/// so it cannot reach a log line, an exception message or a metric through ToString().
/// </summary>
public sealed class Password : IDisposable
{
    public const string Redacted = "********";

    private readonly char[] _characters;
    private bool _disposed;

    public Password(ReadOnlySpan<char> characters)
    {
        _characters = characters.ToArray();
    }

    /// <summary>The characters; valid until <see cref="Dispose"/>.</summary>
    public ReadOnlySpan<char> Span
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _characters;
        }
    }

    public Password Clone() => new(Span);

    public override string ToString() => Redacted;

    public void Dispose()
    {
        Array.Clear(_characters);
        _disposed = true;
    }
}
