using System.Buffers.Text;

namespace StandbyAgent.Protocol.Authentication;

/// <summary>
/// The server-first-message, "r=nonce,s=salt,i=iteration-count" (RFC 5802 section 7), checked as
/// strictly as libpq's read_server_first_message, plus a cap on the iteration count.
/// </summary>
internal readonly ref struct ScramServerFirstMessage
{
    /// <summary>
    /// PostgreSQL's default is 4096 (scram_iterations). libpq has no upper bound, so a rogue
    /// server could make it hash for hours; this client refuses such a request instead.
    /// </summary>
    public const int MaxIterationCount = 10_000_000;

    private ScramServerFirstMessage(ReadOnlySpan<byte> nonce, byte[] salt, int iterationCount)
    {
        Nonce = nonce;
        Salt = salt;
        IterationCount = iterationCount;
    }

    /// <summary>The client nonce followed by the server's part; printable ASCII.</summary>
    public ReadOnlySpan<byte> Nonce { get; }

    public byte[] Salt { get; }

    public int IterationCount { get; }

    /// <exception cref="PostgresAuthenticationException">The message is malformed or hostile.</exception>
    public static ScramServerFirstMessage Parse(ReadOnlySpan<byte> message, ReadOnlySpan<byte> clientNonce)
    {
        // reserved-mext: an extension the client must understand or fail on; none is defined.
        if (message.StartsWith("m="u8))
        {
            throw new PostgresAuthenticationException(
                "the server requires a SCRAM extension (attribute \"m\") that this client does not support");
        }

        var reader = new ScramAttributeReader(message, "server-first-message");
        ReadOnlySpan<byte> nonce = ReadNonce(ref reader, clientNonce);
        byte[] salt = ReadSalt(ref reader);
        int iterationCount = ReadIterationCount(ref reader);
        reader.EnsureEnd();
        return new ScramServerFirstMessage(nonce, salt, iterationCount);
    }

    private static ReadOnlySpan<byte> ReadNonce(scoped ref ScramAttributeReader reader, ReadOnlySpan<byte> clientNonce)
    {
        ReadOnlySpan<byte> nonce = reader.Read('r');
        if (nonce.Length <= clientNonce.Length || !nonce.StartsWith(clientNonce))
        {
            throw new PostgresAuthenticationException("invalid SCRAM response (nonce mismatch)");
        }

        // The nonce goes back into client-final-message, so it must not smuggle anything in.
        foreach (byte b in nonce)
        {
            if (b is < 0x21 or > 0x7E)
            {
                throw ScramAttributeReader.Malformed("server nonce contains a character that is not printable ASCII");
            }
        }

        return nonce;
    }

    private static byte[] ReadSalt(scoped ref ScramAttributeReader reader)
    {
        ReadOnlySpan<byte> encoded = reader.Read('s');
        byte[] salt = new byte[Base64.GetMaxDecodedFromUtf8Length(encoded.Length)];
        if (!ScramAttributeReader.TryDecodeBase64(encoded, salt, out int length) || length == 0)
        {
            throw ScramAttributeReader.Malformed("invalid salt");
        }

        return salt[..length];
    }

    private static int ReadIterationCount(scoped ref ScramAttributeReader reader)
    {
        ReadOnlySpan<byte> digits = reader.Read('i');

        // posit-number = %x31-39 *DIGIT: no sign, no leading zero, no white space.
        if (digits.IsEmpty || digits[0] == '0')
        {
            throw ScramAttributeReader.Malformed("invalid iteration count");
        }

        // Checked digit by digit, so that no length of digits can overflow.
        long count = 0;
        foreach (byte digit in digits)
        {
            if (!char.IsAsciiDigit((char)digit))
            {
                throw ScramAttributeReader.Malformed("invalid iteration count");
            }

            count = (count * 10) + (digit - '0');
            if (count > MaxIterationCount)
            {
                throw new PostgresAuthenticationException(
                    $"the server asked for more SCRAM iterations than this client allows ({MaxIterationCount})");
            }
        }

        return (int)count;
    }
}
