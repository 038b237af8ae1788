namespace StandbyAgent.Protocol.Authentication;

/// <summary>
/// Unicode normalization form KC (UAX #15) over code points, for SASLprep. string.Normalize
/// cannot do it: in globalization-invariant mode, which this project runs in, it returns its
/// input unchanged.
/// </summary>
internal static class NfkcNormalizer
{
    // Hangul syllables decompose into leading consonant, vowel and optional trailing consonant
    // jamo by formula (Unicode chapter 3.12) rather than by table.
    private const int SyllableBase = 0xAC00;
    private const int LeadingBase = 0x1100;
    private const int VowelBase = 0x1161;
    private const int TrailingBase = 0x11A7;
    private const int LeadingCount = 19;
    private const int VowelCount = 21;
    private const int TrailingCount = 28;
    private const int SyllablesPerLeading = VowelCount * TrailingCount;
    private const int SyllableCount = LeadingCount * SyllablesPerLeading;

    // Indexes into NfkcTables.Decompositions: where a code point's decomposition starts, and its length.
    private static readonly Dictionary<int, (int Start, int Length)> s_decompositions = IndexDecompositions();
    private static readonly Dictionary<(int First, int Second), int> s_compositions = IndexCompositions();

    /// <summary>
    /// Returns the NFKC form in a new array, with nothing of the input left beyond the returned
    /// span; the caller wipes the span when the input was a secret.
    /// </summary>
    public static Span<int> Normalize(ReadOnlySpan<int> codePoints)
    {
        int[] buffer = new int[DecomposedLength(codePoints)];
        Decompose(codePoints, buffer);
        SortCombiningMarks(buffer);
        int length = Compose(buffer);
        buffer.AsSpan(length).Clear();
        return buffer.AsSpan(0, length);
    }

    private static int DecomposedLength(ReadOnlySpan<int> codePoints)
    {
        int length = 0;
        foreach (int codePoint in codePoints)
        {
            if (IsHangulSyllable(codePoint))
            {
                length += (codePoint - SyllableBase) % TrailingCount == 0 ? 2 : 3;
            }
            else
            {
                length += s_decompositions.TryGetValue(codePoint, out (int Start, int Length) entry) ? entry.Length : 1;
            }
        }

        return length;
    }

    private static void Decompose(ReadOnlySpan<int> codePoints, Span<int> output)
    {
        int written = 0;
        foreach (int codePoint in codePoints)
        {
            if (IsHangulSyllable(codePoint))
            {
                int index = codePoint - SyllableBase;
                output[written++] = LeadingBase + (index / SyllablesPerLeading);
                output[written++] = VowelBase + (index % SyllablesPerLeading / TrailingCount);
                if (index % TrailingCount != 0)
                {
                    output[written++] = TrailingBase + (index % TrailingCount);
                }
            }
            else if (s_decompositions.TryGetValue(codePoint, out (int Start, int Length) entry))
            {
                NfkcTables.Decompositions.Slice(entry.Start, entry.Length).CopyTo(output[written..]);
                written += entry.Length;
            }
            else
            {
                output[written++] = codePoint;
            }
        }
    }

    /// <summary>
    /// The canonical ordering algorithm: a stable sort, by combining class, of each run of
    /// combining marks (class not 0); starters (class 0) never move.
    /// </summary>
    private static void SortCombiningMarks(Span<int> codePoints)
    {
        for (int i = 1; i < codePoints.Length; i++)
        {
            int codePoint = codePoints[i];
            int combiningClass = CombiningClass(codePoint);
            int j = i;
            while (combiningClass != 0 && j > 0 && CombiningClass(codePoints[j - 1]) > combiningClass)
            {
                codePoints[j] = codePoints[j - 1];
                j--;
            }

            codePoints[j] = codePoint;
        }
    }

    /// <summary>
    /// The canonical composition algorithm, in place: each character joins the last starter when
    /// a composition exists and no character between them blocks it (a starter, or a mark of the
    /// same or a higher combining class).
    /// </summary>
    /// <returns>The composed length.</returns>
    private static int Compose(Span<int> codePoints)
    {
        if (codePoints.IsEmpty)
        {
            return 0;
        }

        int starterIndex = 0;
        int lastClass = CombiningClass(codePoints[0]) == 0 ? 0 : int.MaxValue;
        int written = 1;
        for (int i = 1; i < codePoints.Length; i++)
        {
            int codePoint = codePoints[i];
            int combiningClass = CombiningClass(codePoint);
            bool blocked = lastClass != 0 && lastClass >= combiningClass;
            if (!blocked && TryCompose(codePoints[starterIndex], codePoint, out int composite))
            {
                codePoints[starterIndex] = composite;
                continue;
            }

            if (combiningClass == 0)
            {
                starterIndex = written;
            }

            lastClass = combiningClass;
            codePoints[written++] = codePoint;
        }

        return written;
    }

    private static bool TryCompose(int first, int second, out int composite)
    {
        int leadingIndex = first - LeadingBase;
        int vowelIndex = second - VowelBase;
        if (leadingIndex is >= 0 and < LeadingCount && vowelIndex is >= 0 and < VowelCount)
        {
            composite = SyllableBase + (leadingIndex * SyllablesPerLeading) + (vowelIndex * TrailingCount);
            return true;
        }

        int trailingIndex = second - TrailingBase;
        if (IsHangulSyllable(first) && (first - SyllableBase) % TrailingCount == 0 && trailingIndex is > 0 and < TrailingCount)
        {
            composite = first + trailingIndex;
            return true;
        }

        return s_compositions.TryGetValue((first, second), out composite);
    }

    private static int CombiningClass(int codePoint)
    {
        int range = CodePointRanges.IndexOf(NfkcTables.CombiningClassRanges, codePoint);
        return range < 0 ? 0 : NfkcTables.CombiningClassValues[range];
    }

    private static bool IsHangulSyllable(int codePoint) => (uint)(codePoint - SyllableBase) < SyllableCount;

    private static Dictionary<int, (int Start, int Length)> IndexDecompositions()
    {
        ReadOnlySpan<int> records = NfkcTables.Decompositions;
        var index = new Dictionary<int, (int Start, int Length)>();
        for (int i = 0; i < records.Length; i += 2 + records[i + 1])
        {
            index.Add(records[i], (i + 2, records[i + 1]));
        }

        return index;
    }

    private static Dictionary<(int First, int Second), int> IndexCompositions()
    {
        ReadOnlySpan<int> records = NfkcTables.Compositions;
        var index = new Dictionary<(int First, int Second), int>(records.Length / 3);
        for (int i = 0; i < records.Length; i += 3)
        {
            index.Add((records[i], records[i + 1]), records[i + 2]);
        }

        return index;
    }
}
