using System.Diagnostics;
using Microsoft.Extensions.Logging;
using StandbyAgent.Replication.Configuration;
using Xunit;

namespace StandbyAgent.Replication.Tests.Configuration;

/// <summary>The password file through the resolver, with real files and real permissions.</summary>
public sealed class PassfileResolutionTests : IDisposable
{
    private const string Secret = "pw-from-file";

    private readonly TemporaryDirectory _home = new();
    private readonly FakeConnectionEnvironment _environment;
    private readonly RecordingLogger _logger = new();

    public PassfileResolutionTests()
    {
        _environment = new FakeConnectionEnvironment { HomeDirectory = _home.Path, UserName = "replicator" };
    }

    public void Dispose() => _home.Dispose();

    [Fact]
    public void The_home_pgpass_is_used_when_no_password_is_given()
    {
        string path = _home.WriteFile(".pgpass", $"db1:5432:replication:replicator:{Secret}\n");

        using ConnectionSettings settings = Resolve("host=db1");

        Assert.Equal(Secret, new string(settings.Password!.Span));
        Assert.Equal(path, settings.PasswordSource);
        Assert.Empty(_logger.Entries);
    }

    [Fact]
    public void The_passfile_keyword_beats_PGPASSFILE_which_beats_the_home_file()
    {
        _home.WriteFile(".pgpass", "*:*:*:*:from-home\n");
        _environment.Variables["PGPASSFILE"] = _home.WriteFile("env.pgpass", "*:*:*:*:from-env\n");
        string keyword = _home.WriteFile("keyword.pgpass", "*:*:*:*:from-keyword\n");

        using ConnectionSettings fromKeyword = Resolve($"host=db1 passfile={keyword}");
        using ConnectionSettings fromEnvironment = Resolve("host=db1");

        Assert.Equal("from-keyword", new string(fromKeyword.Password!.Span));
        Assert.Equal("from-env", new string(fromEnvironment.Password!.Span));
    }

    [Fact]
    public void A_password_in_the_connection_string_beats_PGPASSWORD_which_beats_the_file()
    {
        _home.WriteFile(".pgpass", $"*:*:*:*:{Secret}\n");
        _environment.Variables["PGPASSWORD"] = "from-env";

        using ConnectionSettings fromString = Resolve("password=from-string");
        using ConnectionSettings fromEnvironment = Resolve(null);

        Assert.Equal("from-string", new string(fromString.Password!.Span));
        Assert.Equal("connection string", fromString.PasswordSource);
        Assert.Equal("from-env", new string(fromEnvironment.Password!.Span));
        Assert.Equal("PGPASSWORD", fromEnvironment.PasswordSource);
    }

    [Fact]
    public void A_password_override_names_the_command_line_as_its_source()
    {
        using ConnectionSettings settings = Resolve(
            "password=from-string",
            new Dictionary<string, string?> { ["password"] = "typed" });

        Assert.Equal("typed", new string(settings.Password!.Span));
        Assert.Equal("command line", settings.PasswordSource);
    }

    [Fact]
    public void An_empty_password_still_lets_the_file_supply_one()
    {
        _home.WriteFile(".pgpass", $"*:*:*:*:{Secret}\n");

        using ConnectionSettings settings = Resolve("password=''");

        Assert.Equal(Secret, new string(settings.Password!.Span));
    }

    [Fact]
    public void The_database_field_is_matched_against_replication_whatever_dbname_says()
    {
        _home.WriteFile(".pgpass", "*:*:postgres:*:wrong\n*:*:replication:*:right\n");

        using ConnectionSettings settings = Resolve("dbname=postgres");

        Assert.Equal("right", new string(settings.Password!.Span));
    }

    [Fact]
    public void A_unix_socket_connection_to_the_default_directory_matches_localhost()
    {
        _home.WriteFile(".pgpass", $"localhost:5432:replication:replicator:{Secret}\n");

        using ConnectionSettings settings = Resolve(null);

        Assert.Equal(Secret, new string(settings.Password!.Span));
    }

    [Fact]
    public void Each_server_gets_its_own_password_from_the_file()
    {
        _home.WriteFile(".pgpass", "a:5432:replication:replicator:pw-a\nb:5433:replication:replicator:pw-b\n");

        using ConnectionSettings settings = Resolve("host=a,b,c port=5432,5433,5432");

        Assert.Equal("pw-a", new string(settings.Password!.Span));
        Assert.Equal("pw-a", new string(settings.PasswordFor(settings.Endpoints[0])!.Span));
        Assert.Equal("pw-b", new string(settings.PasswordFor(settings.Endpoints[1])!.Span));
        Assert.Null(settings.PasswordFor(settings.Endpoints[2]));
    }

    [Fact]
    public void An_explicit_password_serves_every_server()
    {
        _home.WriteFile(".pgpass", "*:*:*:*:from-file\n");

        using ConnectionSettings settings = Resolve("host=a,b password=given");

        Assert.All(settings.Endpoints, endpoint => Assert.Equal("given", new string(settings.PasswordFor(endpoint)!.Span)));
    }

    [Fact]
    public void A_missing_file_gives_no_password_and_no_warning()
    {
        using ConnectionSettings settings = Resolve("host=db1");

        Assert.Null(settings.Password);
        Assert.Null(settings.PasswordSource);
        Assert.Empty(_logger.Entries);
    }

    [Fact]
    public void A_file_without_a_matching_line_gives_no_password()
    {
        _home.WriteFile(".pgpass", "other:*:*:*:pw\n");

        using ConnectionSettings settings = Resolve("host=db1");

        Assert.Null(settings.Password);
        Assert.Null(settings.PasswordSource);
    }

    [Theory]
    [InlineData(UnixFileMode.UserRead | UnixFileMode.UserWrite)]
    [InlineData(UnixFileMode.UserRead)]
    public void A_file_only_its_owner_can_access_is_used(UnixFileMode mode)
    {
        _home.WriteFile(".pgpass", $"*:*:*:*:{Secret}\n", mode);

        using ConnectionSettings settings = Resolve(null);

        Assert.Equal(Secret, new string(settings.Password!.Span));
    }

    [Theory]
    [InlineData(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead)]
    [InlineData(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead)]
    [InlineData(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupExecute)]
    [InlineData(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherWrite)]
    public void A_file_group_or_others_can_access_is_ignored_with_libpq_warning(UnixFileMode mode)
    {
        string path = _home.WriteFile(".pgpass", $"*:*:*:*:{Secret}\n", mode);

        using ConnectionSettings settings = Resolve(null);

        Assert.Null(settings.Password);
        (LogLevel level, string message) = Assert.Single(_logger.Entries);
        Assert.Equal(LogLevel.Warning, level);
        Assert.Equal($"password file \"{path}\" has group or world access; permissions should be u=rw (0600) or less", message);
    }

    [Fact]
    public void A_directory_is_ignored_as_not_a_plain_file()
    {
        string path = Path.Combine(_home.Path, "dir.pgpass");
        Directory.CreateDirectory(path);

        using ConnectionSettings settings = Resolve($"passfile={path}");

        Assert.Null(settings.Password);
        Assert.Equal($"password file \"{path}\" is not a plain file", Assert.Single(_logger.Entries).Message);
    }

    [Fact]
    public void A_fifo_is_ignored_as_not_a_plain_file_instead_of_blocking_on_open()
    {
        string path = Path.Combine(_home.Path, "fifo.pgpass");
        using (Process mkfifo = Process.Start("mkfifo", ["-m", "600", path]))
        {
            mkfifo.WaitForExit();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        using ConnectionSettings settings = Resolve($"passfile={path}");

        Assert.Null(settings.Password);
        Assert.Equal($"password file \"{path}\" is not a plain file", Assert.Single(_logger.Entries).Message);
    }

    [Fact]
    public void A_dangling_symbolic_link_is_skipped_silently_like_a_missing_file()
    {
        string link = Path.Combine(_home.Path, "dangling.pgpass");
        File.CreateSymbolicLink(link, Path.Combine(_home.Path, "absent"));

        using ConnectionSettings settings = Resolve($"passfile={link}");

        Assert.Null(settings.Password);
        Assert.Empty(_logger.Entries);
    }

    [Fact]
    public void A_symbolic_link_to_a_private_file_is_followed()
    {
        string target = _home.WriteFile("real.pgpass", $"*:*:*:*:{Secret}\n");
        string link = Path.Combine(_home.Path, "link.pgpass");
        File.CreateSymbolicLink(link, target);

        using ConnectionSettings settings = Resolve($"passfile={link}");

        Assert.Equal(Secret, new string(settings.Password!.Span));
    }

    [Fact]
    public void No_log_line_carries_the_password()
    {
        _home.WriteFile(".pgpass", $"*:*:*:*:{Secret}\n", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);

        using ConnectionSettings settings = Resolve(null);

        Assert.NotEmpty(_logger.Entries);
        Assert.DoesNotContain(_logger.Entries, entry => entry.Message.Contains(Secret, StringComparison.Ordinal));
    }

    private ConnectionSettings Resolve(string? connectionString, IReadOnlyDictionary<string, string?>? overrides = null) =>
        new ConnectionSettingsResolver(_environment, _logger).Resolve(connectionString, overrides);
}
