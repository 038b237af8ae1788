using StandbyAgent.Protocol.Authentication;

namespace StandbyAgent.Protocol.Tests.Authentication;

public sealed class NfkcNormalizerTests
{
    // Expected forms from Python's unicodedata.normalize("NFKC", ...).
    [Theory]
    [InlineData("\u2168", "IX")] // compatibility decomposition
    [InlineData("\uFB01", "fi")] // ligature
    [InlineData("e\u0301", "\u00E9")] // canonical composition
    [InlineData("\u1E9B\u0323", "\u1E69")] // decomposition, reordering, then composition (UAX #15)
    [InlineData("a\u0328\u0301\u0323", "\u0105\u0323\u0301")] // marks sorted by class; the composable one composes
    [InlineData("a\u0305\u0301", "a\u0305\u0301")] // a mark of the same class blocks the composition
    [InlineData("\u0301e", "\u0301e")] // a leading combining mark composes with nothing
    [InlineData("\u0958", "\u0915\u093C")] // composition exclusion stays decomposed
    [InlineData("\u1100\u1161\u11A8", "\uAC01")] // Hangul leading, vowel and trailing jamo
    [InlineData("\uAC00\u11A8", "\uAC01")] // Hangul syllable plus trailing jamo
    [InlineData("\uAC01", "\uAC01")] // Hangul syllable round trip
    [InlineData("", "")]
    public void Normalizes_to_form_KC(string input, string expected)
    {
        Assert.Equal(CodePoints(expected), NfkcNormalizer.Normalize(CodePoints(input)).ToArray());
    }

    private static int[] CodePoints(string text) => [.. text.EnumerateRunes().Select(rune => rune.Value)];
}
