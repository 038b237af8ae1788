using System.Globalization;

namespace StandbyAgent.Testing.Fuzzing;

/// <summary>
/// FsCheck's random state, as its failure report prints it: "(seed,gamma)" where a property started,
/// or "(seed,gamma,size)" for the failing case.
/// </summary>
public readonly record struct FuzzSeed(ulong Seed, ulong Gamma, int? Size)
{
    public static bool TryParse(string text, out FuzzSeed seed)
    {
        seed = default;
        string[] parts = text.Trim().Trim('(', ')').Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length is < 2 or > 3
            || !ulong.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out ulong value)
            || !ulong.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out ulong gamma))
        {
            return false;
        }

        int? size = null;
        if (parts.Length == 3)
        {
            if (!int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out int parsedSize))
            {
                return false;
            }

            size = parsedSize;
        }

        seed = new FuzzSeed(value, gamma, size);
        return true;
    }
}
