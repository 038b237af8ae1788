using System.Buffers;
using System.Buffers.Text;

namespace StandbyAgent.Protocol.Authentication;

/// <summary>
/// Reads the comma-separated "name=value" attributes of a SCRAM server message (RFC 5802
/// section 5.1) strictly in the order the caller expects them, and nothing after the last one.
/// </summary>
internal ref struct ScramAttributeReader
{
    private static readonly SearchValues<byte> s_base64Alphabet =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/="u8);

    private readonly string _messageName;
    private ReadOnlySpan<byte> _remaining;
    private bool _started;

    /// <param name="messageName">The RFC's name for the message, for error messages.</param>
    public ScramAttributeReader(ReadOnlySpan<byte> message, string messageName)
    {
        _remaining = message;
        _messageName = messageName;
    }

    /// <summary>Reads the next attribute, which must be <paramref name="name"/>; returns its value.</summary>
    public ReadOnlySpan<byte> Read(char name)
    {
        if (_started)
        {
            if (_remaining.IsEmpty || _remaining[0] != ',')
            {
                throw Malformed($"attribute \"{name}\" expected");
            }

            _remaining = _remaining[1..];
        }

        _started = true;
        if (_remaining.IsEmpty || _remaining[0] != name)
        {
            throw Malformed($"attribute \"{name}\" expected");
        }

        if (_remaining.Length < 2 || _remaining[1] != '=')
        {
            throw Malformed($"expected character \"=\" for attribute \"{name}\"");
        }

        ReadOnlySpan<byte> rest = _remaining[2..];
        int end = rest.IndexOf((byte)',');
        if (end < 0)
        {
            end = rest.Length;
        }

        _remaining = rest[end..];
        return rest[..end];
    }

    public readonly void EnsureEnd()
    {
        if (!_remaining.IsEmpty)
        {
            throw Malformed($"garbage at end of {_messageName}");
        }
    }

    public static PostgresAuthenticationException Malformed(string problem) => new($"malformed SCRAM message ({problem})");

    /// <summary>
    /// Decodes standard base64 with padding and nothing else; .NET's decoders would also skip
    /// white space.
    /// </summary>
    /// <returns>False if the value is not base64 or does not fit.</returns>
    public static bool TryDecodeBase64(ReadOnlySpan<byte> value, Span<byte> destination, out int written)
    {
        written = 0;
        return !value.ContainsAnyExcept(s_base64Alphabet)
            && Base64.DecodeFromUtf8(value, destination, out _, out written) == OperationStatus.Done;
    }
}
