using System.Text;
using StandbyAgent.Protocol.Framing;

namespace StandbyAgent.Protocol.Authentication;

/// <summary>
/// The server-final-message: "v=" and the ServerSignature, or "e=" and an error (RFC 5802
/// section 7), checked as strictly as libpq's read_server_final_message.
/// </summary>
internal static class ScramServerFinalMessage
{
    /// <summary>Copies the server's signature into <paramref name="signature"/>, whose length it must have.</summary>
    /// <exception cref="PostgresAuthenticationException">The server reported an error, or the message is malformed.</exception>
    public static void ReadServerSignature(ReadOnlySpan<byte> message, Span<byte> signature)
    {
        var reader = new ScramAttributeReader(message, "server-final-message");
        if (message.StartsWith("e="u8))
        {
            throw new PostgresAuthenticationException(
                $"error received from server in SCRAM exchange: {Printable(reader.Read('e'))}");
        }

        ReadOnlySpan<byte> encoded = reader.Read('v');
        if (!ScramAttributeReader.TryDecodeBase64(encoded, signature, out int length) || length != signature.Length)
        {
            throw ScramAttributeReader.Malformed("invalid server signature");
        }

        reader.EnsureEnd();
    }

    /// <summary>The server's error value as printable ASCII, cut to a length fit for a log line.</summary>
    private static string Printable(ReadOnlySpan<byte> value)
    {
        ReadOnlySpan<byte> kept = value[..Math.Min(value.Length, ProtocolLimits.MaxDisplayedServerText)];
        var text = new StringBuilder(kept.Length + 3);
        foreach (byte b in kept)
        {
            text.Append(b is >= 0x20 and <= 0x7E ? (char)b : '?');
        }

        if (kept.Length < value.Length)
        {
            text.Append("...");
        }

        return text.ToString();
    }
}
