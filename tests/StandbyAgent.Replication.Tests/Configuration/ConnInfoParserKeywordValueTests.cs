using StandbyAgent.Replication.Configuration;
using Xunit;

namespace StandbyAgent.Replication.Tests.Configuration;

public sealed class ConnInfoParserKeywordValueTests
{
    [Fact]
    public void Pairs_come_back_in_the_order_written()
    {
        IReadOnlyList<ConnInfoPair> pairs = ConnInfoParser.Parse("host=db1 port=5433 user=replicator");

        Assert.Equal([new("host", "db1"), new("port", "5433"), new("user", "replicator")], pairs);
    }

    [Fact]
    public void Whitespace_around_the_equals_sign_and_between_pairs_is_allowed()
    {
        IReadOnlyList<ConnInfoPair> pairs = ConnInfoParser.Parse("  host =\tdb1\n\nport\r\n=  5433  ");

        Assert.Equal([new("host", "db1"), new("port", "5433")], pairs);
    }

    [Fact]
    public void A_quoted_value_keeps_its_spaces()
    {
        IReadOnlyList<ConnInfoPair> pairs = ConnInfoParser.Parse("application_name='my standby' host=db1");

        Assert.Equal([new("application_name", "my standby"), new("host", "db1")], pairs);
    }

    [Fact]
    public void Inside_quotes_backslash_escapes_a_quote_and_a_backslash()
    {
        IReadOnlyList<ConnInfoPair> pairs = ConnInfoParser.Parse(@"options='it\'s \\ here'");

        Assert.Equal("it's \\ here", Assert.Single(pairs).Value);
    }

    [Fact]
    public void Two_single_quotes_are_not_an_escape_they_end_the_value()
    {
        // 'it' is the value; "'s'" then starts a keyword that has no "=".
        var exception = Assert.Throws<ConnectionSettingsException>(() => ConnInfoParser.Parse("application_name='it''s'"));

        Assert.Equal("missing \"=\" after \"'s'\" in connection info string", exception.Message);
    }

    [Fact]
    public void Outside_quotes_backslash_escapes_the_next_character_including_a_space()
    {
        IReadOnlyList<ConnInfoPair> pairs = ConnInfoParser.Parse(@"application_name=a\ b sslrootcert=c:\\certs\\root.crt");

        Assert.Equal([new("application_name", "a b"), new("sslrootcert", @"c:\certs\root.crt")], pairs);
    }

    [Fact]
    public void A_quote_inside_an_unquoted_value_is_an_ordinary_character()
    {
        Assert.Equal("o'brien", Assert.Single(ConnInfoParser.Parse("user=o'brien")).Value);
    }

    [Fact]
    public void A_trailing_backslash_outside_quotes_is_dropped()
    {
        Assert.Equal("db1", Assert.Single(ConnInfoParser.Parse("host=db1\\")).Value);
    }

    [Fact]
    public void An_empty_value_needs_quotes_because_spaces_after_the_equals_sign_are_skipped()
    {
        Assert.Equal([new("host", ""), new("port", "5433")], ConnInfoParser.Parse("host='' port=5433"));

        // As in libpq, "host= port=5433" gives host the value "port=5433".
        Assert.Equal([new("host", "port=5433")], ConnInfoParser.Parse("host= port=5433"));
    }

    [Fact]
    public void A_closing_quote_may_be_followed_directly_by_the_next_keyword()
    {
        Assert.Equal([new("host", "db1"), new("port", "5433")], ConnInfoParser.Parse("host='db1'port=5433"));
    }

    [Fact]
    public void A_repeated_keyword_is_returned_each_time()
    {
        Assert.Equal([new("host", "a"), new("host", "b")], ConnInfoParser.Parse("host=a host=b"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \t\n")]
    public void An_empty_string_has_no_pairs(string connectionString)
    {
        Assert.Empty(ConnInfoParser.Parse(connectionString));
    }

    [Theory]
    [InlineData("host='db1")]
    [InlineData("host='db1\\'")]
    [InlineData("host='db1\\")]
    public void Unterminated_quote_is_reported(string connectionString)
    {
        var exception = Assert.Throws<ConnectionSettingsException>(() => ConnInfoParser.Parse(connectionString));

        Assert.Equal("unterminated quoted string in connection info string", exception.Message);
    }

    [Theory]
    [InlineData("host=\0db1")]
    [InlineData("host='db1\0' port=5433")]
    [InlineData("postgresql://db1\0/")]
    public void A_NUL_character_is_refused(string connectionString)
    {
        var exception = Assert.Throws<ConnectionSettingsException>(() => ConnInfoParser.Parse(connectionString));

        Assert.Equal("connection info string contains a NUL character", exception.Message);
    }

    [Theory]
    [InlineData("host", "host")]
    [InlineData("host=db1 port", "port")]
    [InlineData("host=db1 port 5433", "port")]
    [InlineData("postgre://db1", "postgre://db1")]
    public void Missing_equals_sign_names_the_keyword(string connectionString, string keyword)
    {
        var exception = Assert.Throws<ConnectionSettingsException>(() => ConnInfoParser.Parse(connectionString));

        Assert.Equal($"missing \"=\" after \"{keyword}\" in connection info string", exception.Message);
    }

    [Theory]
    [InlineData("foo=bar", "foo")]
    [InlineData("HOST=db1", "HOST")]
    [InlineData("=db1", "")]
    [InlineData("authtype=x", "authtype")]
    public void Unknown_keyword_is_an_invalid_connection_option(string connectionString, string keyword)
    {
        var exception = Assert.Throws<ConnectionSettingsException>(() => ConnInfoParser.Parse(connectionString));

        Assert.Equal($"invalid connection option \"{keyword}\"", exception.Message);
    }

    [Theory]
    [InlineData("requiressl=1", "require")]
    [InlineData("requiressl=1yes", "require")]
    [InlineData("requiressl=0", "prefer")]
    [InlineData("requiressl=true", "prefer")]
    public void The_deprecated_requiressl_is_read_as_sslmode_like_libpq_does(string connectionString, string sslmode)
    {
        Assert.Equal(new ConnInfoPair("sslmode", sslmode), Assert.Single(ConnInfoParser.Parse(connectionString)));
    }

    [Theory]
    [InlineData("host")]
    [InlineData("hostaddr")]
    [InlineData("port")]
    [InlineData("dbname")]
    [InlineData("user")]
    [InlineData("password")]
    [InlineData("passfile")]
    [InlineData("require_auth")]
    [InlineData("channel_binding")]
    [InlineData("connect_timeout")]
    [InlineData("client_encoding")]
    [InlineData("options")]
    [InlineData("application_name")]
    [InlineData("fallback_application_name")]
    [InlineData("keepalives")]
    [InlineData("keepalives_idle")]
    [InlineData("keepalives_interval")]
    [InlineData("keepalives_count")]
    [InlineData("tcp_user_timeout")]
    [InlineData("replication")]
    [InlineData("sslmode")]
    [InlineData("sslnegotiation")]
    [InlineData("sslcompression")]
    [InlineData("sslcert")]
    [InlineData("sslkey")]
    [InlineData("sslcertmode")]
    [InlineData("sslpassword")]
    [InlineData("sslrootcert")]
    [InlineData("sslcrl")]
    [InlineData("sslcrldir")]
    [InlineData("sslsni")]
    [InlineData("requirepeer")]
    [InlineData("ssl_min_protocol_version")]
    [InlineData("ssl_max_protocol_version")]
    [InlineData("gssencmode")]
    [InlineData("krbsrvname")]
    [InlineData("gsslib")]
    [InlineData("gssdelegation")]
    [InlineData("service")]
    [InlineData("target_session_attrs")]
    [InlineData("load_balance_hosts")]
    [InlineData("with_rsocket")]
    public void Every_libpq_keyword_and_with_rsocket_is_accepted(string keyword)
    {
        Assert.Equal(new ConnInfoPair(keyword, "x"), Assert.Single(ConnInfoParser.Parse($"{keyword}=x")));
    }
}
