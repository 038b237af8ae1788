using StandbyAgent.Protocol.Authentication;
using StandbyAgent.Replication.Configuration;
using Xunit;

namespace StandbyAgent.Replication.Tests.Configuration;

public sealed class PassfileParserTests
{
    [Fact]
    public void An_exact_line_matches()
    {
        Assert.Equal("pw", Find("db1:5432:replication:replicator:pw", "db1", 5432, "replicator"));
    }

    [Theory]
    [InlineData("db2:5432:replication:replicator:pw")]
    [InlineData("db1:5433:replication:replicator:pw")]
    [InlineData("db1:5432:postgres:replicator:pw")]
    [InlineData("db1:5432:replication:other:pw")]
    [InlineData("DB1:5432:replication:replicator:pw")]
    [InlineData("db1:5432:replication")]
    public void A_line_differing_in_any_field_does_not_match(string line)
    {
        Assert.Null(Find(line, "db1", 5432, "replicator"));
    }

    [Fact]
    public void A_star_field_matches_anything()
    {
        Assert.Equal("pw", Find("*:*:*:*:pw", "db1", 5432, "replicator"));
        Assert.Equal("pw", Find("db1:*:replication:*:pw", "db1", 5432, "replicator"));
    }

    [Fact]
    public void A_star_is_a_wildcard_only_as_a_whole_field()
    {
        Assert.Null(Find("db*:5432:replication:replicator:pw", "db1", 5432, "replicator"));
    }

    [Fact]
    public void The_first_matching_line_wins()
    {
        Assert.Equal("first", Find("db1:5432:replication:replicator:first\n*:*:*:*:second", "db1", 5432, "replicator"));
        Assert.Equal("specific", Find("other:*:*:*:no\ndb1:*:*:*:specific\n*:*:*:*:generic", "db1", 5432, "replicator"));
    }

    [Fact]
    public void Escaped_colons_and_backslashes_match_literally_in_fields()
    {
        Assert.Equal("pw", Find(@"fe80\:\:1:5432:replication:dom\\user:pw", "fe80::1", 5432, @"dom\user"));
    }

    [Fact]
    public void An_unescaped_colon_still_matches_a_colon_in_the_value_as_in_libpq()
    {
        // libpq compares character by character and only ends a field at a ':' once the value is used up.
        Assert.Equal("pw", Find("fe80::1:5432:replication:replicator:pw", "fe80::1", 5432, "replicator"));
    }

    [Fact]
    public void Escapes_are_removed_from_the_password_and_an_unescaped_colon_ends_it()
    {
        Assert.Equal(@"p:w\d", Find(@"*:*:*:*:p\:w\\d:ignored", "db1", 5432, "replicator"));
    }

    [Fact]
    public void Comment_and_empty_lines_are_skipped_and_crlf_endings_stripped()
    {
        Assert.Equal("pw", Find("# *:*:*:*:commented\r\n\r\n\n*:*:*:*:pw\r\n", "db1", 5432, "replicator"));
    }

    [Fact]
    public void Localhost_matches_the_default_socket_directory()
    {
        Assert.Equal("pw", Find("localhost:5432:replication:replicator:pw", "/var/run/postgresql", 5432, "replicator"));
    }

    [Fact]
    public void Another_socket_directory_is_matched_by_its_path()
    {
        Assert.Null(Find("localhost:5432:replication:replicator:pw", "/tmp", 5432, "replicator"));
        Assert.Equal("pw", Find("/tmp:5432:replication:replicator:pw", "/tmp", 5432, "replicator"));
    }

    private static string? Find(string content, string host, int port, string user)
    {
        using Password? password = PassfileParser.FindPassword(content, host, port, ConnectionDefaults.Database, user);
        return password is null ? null : new string(password.Span);
    }
}
