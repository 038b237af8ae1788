using StandbyAgent.Replication.Configuration;
using Xunit;

namespace StandbyAgent.Replication.Tests.Configuration;

/// <summary>Cases from libpq's own URI tests (src/interfaces/libpq/t/001_uri.pl) and the libpq documentation.</summary>
public sealed class ConnInfoParserUriTests
{
    [Fact]
    public void Every_part_of_a_full_uri_becomes_a_pair()
    {
        IReadOnlyList<ConnInfoPair> pairs = ConnInfoParser.Parse("postgresql://uri-user:secret@host:12345/db");

        Assert.Equal(
            [new("user", "uri-user"), new("password", "secret"), new("host", "host"), new("port", "12345"), new("dbname", "db")],
            pairs);
    }

    [Theory]
    [InlineData("postgresql://uri-user@host/db", "user=uri-user host=host dbname=db")]
    [InlineData("postgresql://host:12345", "host=host port=12345")]
    [InlineData("postgresql://host/", "host=host")]
    [InlineData("postgresql://uri-user@", "user=uri-user")]
    [InlineData("postgresql://", "")]
    [InlineData("postgres://", "")]
    [InlineData("postgres:///", "")]
    [InlineData("postgres:///db", "dbname=db")]
    [InlineData("postgres://uri-user@/db", "user=uri-user dbname=db")]
    [InlineData("postgres://@host", "host=host")]
    [InlineData("postgres://host:/", "host=host")]
    [InlineData("postgres://:12345/", "port=12345")]
    [InlineData("postgresql://host?", "host=host")]
    [InlineData("postgresql://%68ost/", "host=host")]
    [InlineData("postgresql://?hostaddr=127.0.0.1", "hostaddr=127.0.0.1")]
    [InlineData("postgresql://example.com?hostaddr=63.1.2.4", "host=example.com hostaddr=63.1.2.4")]
    [InlineData("postgresql://host/db?user=uri-user&port=12345", "host=host dbname=db user=uri-user port=12345")]
    [InlineData("postgresql://host/db?u%73er=someotheruser", "host=host dbname=db user=someotheruser")]
    [InlineData("postgresql://host?application_name=", "host=host application_name=")]
    [InlineData("postgresql://host?ssl=true", "host=host sslmode=require")]
    [InlineData("postgresql://host?requiressl=1", "host=host sslmode=require")]
    [InlineData("postgresql://us%C3%A9r@host", "user=usér host=host")]
    public void Uri_parts_are_percent_decoded_into_pairs(string uri, string expected)
    {
        Assert.Equal(expected, string.Join(' ', ConnInfoParser.Parse(uri)));
    }

    [Theory]
    [InlineData("postgresql://[::1]:12345/db", "::1", "12345")]
    [InlineData("postgresql://[::1]/db", "::1", null)]
    [InlineData("postgresql://[2001:db8::1234]/", "2001:db8::1234", null)]
    [InlineData("postgresql://[::1]", "::1", null)]
    [InlineData("postgresql://[::1]?application_name=x", "::1", null)]
    public void An_IPv6_address_in_brackets_is_the_host_without_them(string uri, string host, string? port)
    {
        IReadOnlyList<ConnInfoPair> pairs = ConnInfoParser.Parse(uri);

        Assert.Equal(host, pairs.Single(p => p.Keyword == "host").Value);
        Assert.Equal(port, pairs.SingleOrDefault(p => p.Keyword == "port").Value);
    }

    [Theory]
    [InlineData("postgres://%2Fvar%2Flib%2Fpostgresql/dbname", "/var/lib/postgresql")]
    [InlineData("postgres://?host=/path/to/socket/dir", "/path/to/socket/dir")]
    [InlineData("postgres://otheruser@:12345/db?host=/path/to/socket", "/path/to/socket")]
    public void A_socket_directory_may_be_percent_encoded_or_given_as_a_query_parameter(string uri, string host)
    {
        Assert.Equal(host, ConnInfoParser.Parse(uri).Single(p => p.Keyword == "host").Value);
    }

    [Theory]
    [InlineData("postgresql://host1:123,host2:456/somedb", "host1,host2", "123,456")]
    [InlineData("postgresql://a,b:5433", "a,b", ",5433")]
    [InlineData("postgresql://a:5433,b", "a,b", "5433,")]
    [InlineData("postgresql://[::1]:5432,[::2]/db", "::1,::2", "5432,")]
    public void Several_hosts_make_one_host_list_and_one_port_list_with_empty_items_kept(string uri, string hosts, string ports)
    {
        IReadOnlyList<ConnInfoPair> pairs = ConnInfoParser.Parse(uri);

        Assert.Equal(hosts, pairs.Single(p => p.Keyword == "host").Value);
        Assert.Equal(ports, pairs.Single(p => p.Keyword == "port").Value);
    }

    [Fact]
    public void Hosts_without_any_port_still_leave_a_port_list_of_empty_items()
    {
        Assert.Equal("host=a,b port=,", string.Join(' ', ConnInfoParser.Parse("postgresql://a,b")));
    }

    [Theory]
    [InlineData("postgresql://host/db?u%7aer=someotheruser", "invalid URI query parameter: \"uzer\"")]
    [InlineData("postgresql://host?uzer=", "invalid URI query parameter: \"uzer\"")]
    [InlineData("postgresql://host?ssl=false", "invalid URI query parameter: \"ssl\"")]
    [InlineData("postgres://[::1", "end of string reached when looking for matching \"]\" in IPv6 host address in URI: \"postgres://[::1\"")]
    [InlineData("postgres://[]", "IPv6 host address may not be empty in URI: \"postgres://[]\"")]
    [InlineData("postgres://[::1]z", "unexpected character \"z\" at position 17 in URI (expected \":\" or \"/\"): \"postgres://[::1]z\"")]
    [InlineData("postgresql://host?zzz", "missing key/value separator \"=\" in URI query parameter: \"zzz\"")]
    [InlineData("postgresql://host?value1&value2", "missing key/value separator \"=\" in URI query parameter: \"value1\"")]
    [InlineData("postgresql://host?key=key=value", "extra key/value separator \"=\" in URI query parameter: \"key\"")]
    [InlineData("postgres://host?dbname=%XXfoo", "invalid percent-encoded token: \"%XXfoo\"")]
    [InlineData("postgresql://a%00b", "forbidden value %00 in percent-encoded value: \"a%00b\"")]
    [InlineData("postgresql://%zz", "invalid percent-encoded token: \"%zz\"")]
    [InlineData("postgresql://%1", "invalid percent-encoded token: \"%1\"")]
    [InlineData("postgresql://%", "invalid percent-encoded token: \"%\"")]
    [InlineData("postgresql://host/%FF", "percent-encoded value is not valid UTF-8: \"%FF\"")]
    public void Bad_uris_fail_with_libpq_messages(string uri, string message)
    {
        var exception = Assert.Throws<ConnectionSettingsException>(() => ConnInfoParser.Parse(uri));

        Assert.Equal(message, exception.Message);
    }

    [Fact]
    public void Query_parameters_use_connection_keywords_in_order()
    {
        IReadOnlyList<ConnInfoPair> pairs = ConnInfoParser.Parse(
            "postgresql://other@localhost/otherdb?connect_timeout=10&application_name=myapp&with_rsocket=on");

        Assert.Equal(
            "user=other host=localhost dbname=otherdb connect_timeout=10 application_name=myapp with_rsocket=on",
            string.Join(' ', pairs));
    }
}
