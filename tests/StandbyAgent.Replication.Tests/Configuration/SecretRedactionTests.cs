using StandbyAgent.Replication.Configuration;
using Xunit;

namespace StandbyAgent.Replication.Tests.Configuration;

/// <summary>A password never reaches an exception message or the displayed connection string.</summary>
public sealed class SecretRedactionTests
{
    private const string Secret = "Tops3cret";

    [Theory]
    [InlineData("password=Tops3cret words host=db1")]
    [InlineData("password=Tops3cret\tTops3cret=x")]
    [InlineData("host=db1 password=two Tops3cret")]
    [InlineData("sslpassword=two Tops3cret")]
    [InlineData("password='Tops3cret")]
    [InlineData("password='it\\'s Tops3cret")]
    [InlineData("postgresql://user:Tops3cret@[::1")]
    [InlineData("postgresql://user:Tops3cret@[]/db")]
    [InlineData("postgresql://user:Tops3cret@[::1]x/db")]
    [InlineData("postgresql://user:Tops3cret%zz@host/db")]
    [InlineData("postgresql://user:Tops3cret%00@host/db")]
    [InlineData("postgresql://user:Tops3cret%FF@host/db")]
    [InlineData("postgresql://host/db?password=Tops3cret%zz")]
    [InlineData("postgresql://host/db?sslpassword=Tops3cret%zz")]
    [InlineData("postgresql://[::1?password=Tops3cret")]
    [InlineData("postgresql://[::1?p%61ssword=Tops3cret")]
    [InlineData("postgre://user:Tops3cret@host/db")]
    public void A_parse_error_never_quotes_the_password(string connectionString)
    {
        var exception = Assert.Throws<ConnectionSettingsException>(() => ConnInfoParser.Parse(connectionString));

        Assert.DoesNotContain(Secret, exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, exception.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_word_after_an_unquoted_password_is_masked_with_a_hint()
    {
        var exception = Assert.Throws<ConnectionSettingsException>(() => ConnInfoParser.Parse("password=my secret host=db1"));

        Assert.Equal(
            "missing \"=\" after \"********\" in connection info string (it follows an unquoted password; quote a password that contains spaces)",
            exception.Message);
    }

    [Fact]
    public void A_word_after_a_quoted_password_is_quoted_as_usual()
    {
        var exception = Assert.Throws<ConnectionSettingsException>(() => ConnInfoParser.Parse("password='my secret' hots=db1"));

        Assert.Equal("invalid connection option \"hots\"", exception.Message);
    }

    [Fact]
    public void A_uri_quoted_in_an_error_has_its_password_masked()
    {
        var exception = Assert.Throws<ConnectionSettingsException>(() => ConnInfoParser.Parse("postgresql://user:Tops3cret@[::1]x/db"));

        Assert.Equal(
            "unexpected character \"x\" at position 33 in URI (expected \":\" or \"/\"): \"postgresql://user:********@[::1]x/db\"",
            exception.Message);
    }

    [Fact]
    public void A_bad_percent_encoding_in_the_password_names_the_keyword_not_the_value()
    {
        var exception = Assert.Throws<ConnectionSettingsException>(() => ConnInfoParser.Parse("postgresql://user:Tops3cret%zz@host"));

        Assert.Equal("invalid percent-encoded token in the value of \"password\"", exception.Message);
    }

    [Fact]
    public void A_parsed_password_pair_prints_as_asterisks()
    {
        ConnInfoPair pair = Assert.Single(ConnInfoParser.Parse($"password={Secret}"));

        Assert.Equal(Secret, pair.Value);
        Assert.Equal("password=********", pair.ToString());
    }

    [Fact]
    public void The_display_string_masks_the_password_and_sslpassword()
    {
        using ConnectionSettings settings = Resolve($"host=db1 password={Secret} sslpassword={Secret}-key application_name='my standby'");

        Assert.Equal(
            "user=osuser host=db1 port=5432 application_name='my standby' sslmode=prefer password=******** sslpassword=********",
            settings.ToDisplayString());
        Assert.Equal(settings.ToDisplayString(), settings.ToString());
        Assert.False(settings.Options.ContainsKey("sslpassword"));
        Assert.Equal($"{Secret}-key", new string(settings.SslPassword!.Span));
    }

    [Fact]
    public void A_resolution_error_never_quotes_the_password()
    {
        var exception = Assert.Throws<ConnectionSettingsException>(() => Resolve($"password={Secret} sslmode=bogus port=1,2 host=a,b,c"));

        Assert.DoesNotContain(Secret, exception.Message, StringComparison.Ordinal);
    }

    private static ConnectionSettings Resolve(string connectionString) =>
        new ConnectionSettingsResolver(new FakeConnectionEnvironment(), new RecordingLogger()).Resolve(connectionString);
}
