using System.Text;
using StandbyAgent.Replication.ServerConfiguration;
using Xunit;

namespace StandbyAgent.Replication.Tests.ServerConfiguration;

/// <summary>The server's configuration file syntax (guc-file.l, ParseConfigFp), line by line.</summary>
public sealed class ConfigurationFileParserTests
{
    private const string File = "/etc/standby/recovery.conf";

    [Theory]
    [InlineData("primary_slot_name = 'standby_1'", "primary_slot_name", "standby_1")]
    [InlineData("primary_slot_name='standby_1'", "primary_slot_name", "standby_1")]
    [InlineData("primary_slot_name 'standby_1'", "primary_slot_name", "standby_1")]
    [InlineData("primary_slot_name = standby_1", "primary_slot_name", "standby_1")]
    [InlineData("primary_slot_name = standby_1   # the slot", "primary_slot_name", "standby_1")]
    [InlineData("  primary_slot_name\t=\t'standby_1'\r", "primary_slot_name", "standby_1")]
    [InlineData("wal_receiver_timeout = 5min", "wal_receiver_timeout", "5min")]
    [InlineData("x = 0x1F", "x", "0x1F")]
    [InlineData("x = -1.5e3", "x", "-1.5e3")]
    [InlineData("log_directory = pg_log/2026-11:a.b", "log_directory", "pg_log/2026-11:a.b")]
    [InlineData("x = ''", "x", "")]
    public void A_setting_is_a_name_an_optional_equals_sign_and_a_value(string line, string name, string value)
    {
        ConfigurationLine parsed = Assert.Single(Parse(line));

        Assert.Equal(name, parsed.Name);
        Assert.Equal(value, parsed.Value);
    }

    [Theory]
    [InlineData(@"'it''s'", "it's")]
    [InlineData(@"'it\'s'", "it's")]
    [InlineData(@"'a\\b'", @"a\b")]
    [InlineData(@"'tab\there'", "tab\there")]
    [InlineData(@"'\n\r\b\f'", "\n\r\b\f")]
    [InlineData(@"'\101\60'", "A0")]
    [InlineData(@"'\q'", "q")]
    [InlineData(@"'# not a comment'", "# not a comment")]
    public void Quoted_values_take_doubled_quotes_and_backslash_escapes(string quoted, string value) =>
        Assert.Equal(value, Assert.Single(Parse($"x = {quoted}")).Value);

    [Fact]
    public void Two_layers_of_quoting_from_pg_basebackup_unwrap_to_the_connection_string()
    {
        // pg_basebackup -R doubles the quotes of the conninfo's own quoted values.
        ConfigurationLine line = Assert.Single(Parse("primary_conninfo = 'user=replicator passfile=''/var/lib/postgresql/.pgpass'' host=10.0.0.1 port=5432'"));

        Assert.Equal("user=replicator passfile='/var/lib/postgresql/.pgpass' host=10.0.0.1 port=5432", line.Value);
    }

    [Fact]
    public void Blank_lines_and_comments_are_skipped_and_lines_are_numbered_from_one()
    {
        IReadOnlyList<ConfigurationLine> lines = Parse("# header\n\n   \nstandby_mode = on\n# middle\nprimary_slot_name = 's'\n");

        Assert.Equal([("standby_mode", 4), ("primary_slot_name", 6)], lines.Select(line => (line.Name, line.Location.Line)));
        Assert.All(lines, line => Assert.Equal(File, line.Location.File));
    }

    [Fact]
    public void The_last_line_needs_no_newline() =>
        Assert.Equal("on", Assert.Single(Parse("standby_mode = on")).Value);

    [Fact]
    public void A_qualified_name_is_a_setting_name()
    {
        ConfigurationLine line = Assert.Single(Parse("auto_explain.log_min_duration = 250ms"));

        Assert.Equal("auto_explain.log_min_duration", line.Name);
    }

    [Fact]
    public void Non_ascii_bytes_are_letters_and_values_are_read_back_as_utf8() =>
        Assert.Equal("médecin", Assert.Single(Parse("application_name = médecin")).Value);

    [Fact]
    public void An_octal_escape_is_one_byte_of_the_value() =>
        Assert.Equal("é", Assert.Single(Parse(@"x = '\303\251'")).Value);

    [Theory]
    [InlineData("primary_conninfo = 'host=a password=s3cret", 1, 20, "unterminated quoted string")]
    [InlineData("\n\nprimary_conninfo = 'host=a\npassword=s3cret'", 3, 20, "unterminated quoted string")]
    [InlineData("primary_conninfo = 'host=a' password=s3cret", 1, 29, "expected the end of the line after the value of \"primary_conninfo\"")]
    [InlineData("primary_conninfo = host=a password=s3cret", 1, 24, "expected the end of the line after the value of \"primary_conninfo\"")]
    [InlineData("primary_conninfo =\n", 1, 19, "expected a value after \"primary_conninfo =\"")]
    [InlineData("primary_conninfo\n", 1, 17, "expected \"=\" and a value after \"primary_conninfo\"")]
    [InlineData("'s3cret' = x", 1, 1, "expected a setting name")]
    [InlineData("x = a.b", 1, 5, "expected a value after \"x =\"")]
    [InlineData("x = 0/3000000", 1, 6, "expected the end of the line")]
    [InlineData("x = 'a';", 1, 8, "expected the end of the line")]
    [InlineData("data_directory = /var/lib/postgresql", 1, 18, "expected a value after \"data_directory =\"")]
    [InlineData(@"x = 'ends in a backslash\'", 1, 5, "unterminated quoted string")]
    public void A_syntax_error_names_the_file_line_and_column_and_what_was_expected_without_quoting_the_text(string text, int line, int column, string expected)
    {
        ServerConfigurationException error = Assert.Throws<ServerConfigurationException>(() => Parse(text));

        Assert.Equal(new SourceLocation(File, line), error.Location);
        Assert.StartsWith($"file \"{File}\" line {line}: syntax error at column {column}: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_error_on_the_last_line_without_a_newline_says_end_of_file()
    {
        ServerConfigurationException error = Assert.Throws<ServerConfigurationException>(() => Parse("standby_mode = on\nprimary_conninfo ="));

        Assert.Equal(2, error.Location!.Line);
        Assert.Contains("at the end of the file", error.Message, StringComparison.Ordinal);
    }

    private static IReadOnlyList<ConfigurationLine> Parse(string text) => ConfigurationFileParser.Parse(Encoding.UTF8.GetBytes(text), File);
}
