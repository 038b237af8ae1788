namespace StandbyAgent.Testing.Fuzzing;

/// <summary>
/// Shorter versions of a failing input for FsCheck to try, largest cuts first, so that a failure
/// is reported on the fewest bytes or characters that still produce it.
/// </summary>
public static class Shrink
{
    public static IEnumerable<T[]> Shorter<T>(T[] items)
    {
        for (int cut = items.Length / 2; cut >= 1; cut /= 2)
        {
            for (int start = 0; start + cut <= items.Length; start += cut)
            {
                yield return [.. items[..start], .. items[(start + cut)..]];
            }
        }
    }

    public static IEnumerable<string> Shorter(string text) => Shorter(text.ToCharArray()).Select(characters => new string(characters));
}
