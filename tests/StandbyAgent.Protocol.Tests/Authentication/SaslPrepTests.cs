using System.Text;
using StandbyAgent.Protocol.Authentication;

namespace StandbyAgent.Protocol.Tests.Authentication;

public sealed class SaslPrepTests
{
    // The examples of RFC 4013 section 3, where they agree with PostgreSQL.
    [Theory]
    [InlineData("I\u00ADX", "IX")] // SOFT HYPHEN mapped to nothing
    [InlineData("user", "user")]
    [InlineData("USER", "USER")] // case is kept
    [InlineData("\u00AA", "a")] // FEMININE ORDINAL INDICATOR, NFKC
    [InlineData("\u2168", "IX")] // ROMAN NUMERAL NINE, NFKC
    public void Rfc4013_examples_are_prepared_as_the_rfc_says(string password, string expected)
    {
        Assert.Equal(Encoding.UTF8.GetBytes(expected), Prepare(password));
    }

    [Theory]
    [InlineData("pass\u3000word\u00A0", "pass word ")] // non-ASCII spaces become U+0020
    [InlineData("e\u0301t\u00E9", "\u00E9t\u00E9")] // canonical composition
    [InlineData("\u0627\u00B9\u0628", "\u06271\u0628")] // right-to-left string that keeps the bidi rules
    public void Non_ASCII_password_is_mapped_and_normalized(string password, string expected)
    {
        Assert.Equal(Encoding.UTF8.GetBytes(expected), Prepare(password));
    }

    [Fact]
    public void ASCII_control_character_is_kept_because_PostgreSQL_takes_ASCII_passwords_as_they_are()
    {
        Assert.Equal("a\u0007"u8.ToArray(), Prepare("a\u0007"));
    }

    // RFC 4013 says these fail; PostgreSQL (and so the verifier the server stored) uses the raw
    // UTF-8 bytes instead. Each input contains a character that normalization would change, so a
    // password wrongly normalized would not match.
    [Theory]
    [InlineData("\u00AA\u0007")] // prohibited: ASCII control character
    [InlineData("\u00AA\uE000")] // prohibited: private use
    [InlineData("\u00AA\U0001F600")] // unassigned in Unicode 3.2
    [InlineData("\u0627\u00B9")] // bidi: right-to-left string that does not end right-to-left
    [InlineData("\u0627\u00AA\u0628")] // bidi: right-to-left string with a left-to-right character
    [InlineData("a\u0340")] // prohibited before normalization, though its NFKC form (U+0300) is not
    [InlineData("\u00AD")] // nothing left after mapping
    public void Password_that_SASLprep_rejects_is_used_as_raw_UTF8(string password)
    {
        Assert.Equal(Encoding.UTF8.GetBytes(password), Prepare(password));
    }

    [Fact]
    public void Password_with_a_lone_surrogate_is_used_as_raw_bytes_with_a_replacement_character()
    {
        Assert.Equal([0xEF, 0xBF, 0xBD, 0xC2, 0xAA], Prepare("\uD800\u00AA"));
    }

    private static byte[] Prepare(string text)
    {
        using var password = new Password(text);
        using PasswordBytes prepared = SaslPrep.Prepare(password);
        return prepared.Span.ToArray();
    }
}
