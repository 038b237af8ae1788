using System.Buffers;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace StandbyAgent.Protocol.Authentication;

/// <summary>
/// SASLprep (RFC 4013, a stringprep profile, RFC 3454) of a SCRAM password, the way PostgreSQL's
/// src/common/saslprep.c does it. The server derives the stored SCRAM verifier with that code and
/// libpq derives the client proof with it, so this client must reproduce it exactly, departures
/// from the RFC included:
/// <list type="bullet">
/// <item>A password that SASLprep rejects (prohibited or unassigned characters, broken bidi rules,
/// nothing left after mapping, not valid Unicode) is not an error: its raw UTF-8 bytes are used.</item>
/// <item>An all-ASCII password is used as it is, control characters included.</item>
/// <item>The prohibition and bidi checks look at the mapped string before normalization, where the
/// RFC checks the normalized output.</item>
/// </list>
/// </summary>
internal static class SaslPrep
{
    /// <returns>The UTF-8 bytes to derive the SCRAM keys from, wiped when disposed.</returns>
    public static PasswordBytes Prepare(Password password)
    {
        ReadOnlySpan<char> characters = password.Span;
        if (Ascii.IsValid(characters))
        {
            return PasswordBytes.Encode(password);
        }

        int[] mapped = new int[characters.Length];
        try
        {
            int length = Map(characters, mapped);
            if (length <= 0 || !PassesChecks(mapped.AsSpan(0, length)))
            {
                return PasswordBytes.Encode(password);
            }

            Span<int> normalized = NfkcNormalizer.Normalize(mapped.AsSpan(0, length));
            try
            {
                return PasswordBytes.Encode(normalized);
            }
            finally
            {
                Wipe(normalized);
            }
        }
        finally
        {
            Wipe(mapped);
        }
    }

    /// <summary>
    /// Decodes the password and applies the RFC 4013 mapping: non-ASCII spaces become U+0020,
    /// characters "commonly mapped to nothing" (such as SOFT HYPHEN) are dropped.
    /// </summary>
    /// <returns>The number of code points written, or -1 if the password is not valid UTF-16.</returns>
    private static int Map(ReadOnlySpan<char> characters, Span<int> output)
    {
        int written = 0;
        while (!characters.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(characters, out Rune rune, out int consumed) != OperationStatus.Done)
            {
                return -1;
            }

            characters = characters[consumed..];
            if (CodePointRanges.Contains(StringPrepTables.NonAsciiSpaces, rune.Value))
            {
                output[written++] = ' ';
            }
            else if (!CodePointRanges.Contains(StringPrepTables.CommonlyMappedToNothing, rune.Value))
            {
                output[written++] = rune.Value;
            }
        }

        return written;
    }

    private static bool PassesChecks(ReadOnlySpan<int> codePoints)
    {
        bool hasRightToLeft = false;
        bool hasLeftToRight = false;
        foreach (int codePoint in codePoints)
        {
            if (CodePointRanges.Contains(StringPrepTables.Prohibited, codePoint)
                || CodePointRanges.Contains(StringPrepTables.UnassignedInUnicode32, codePoint))
            {
                return false;
            }

            hasRightToLeft |= CodePointRanges.Contains(StringPrepTables.RandALCat, codePoint);
            hasLeftToRight |= CodePointRanges.Contains(StringPrepTables.LCat, codePoint);
        }

        // RFC 3454 section 6: a string with right-to-left characters must not mix in left-to-right
        // ones, and must begin and end with a right-to-left character.
        return !hasRightToLeft
            || (!hasLeftToRight
                && CodePointRanges.Contains(StringPrepTables.RandALCat, codePoints[0])
                && CodePointRanges.Contains(StringPrepTables.RandALCat, codePoints[^1]));
    }

    private static void Wipe(Span<int> codePoints) => CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(codePoints));
}
