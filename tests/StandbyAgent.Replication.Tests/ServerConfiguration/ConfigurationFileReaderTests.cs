using StandbyAgent.Replication.ServerConfiguration;
using StandbyAgent.Replication.Tests.Configuration;
using Xunit;

namespace StandbyAgent.Replication.Tests.ServerConfiguration;

/// <summary>include, include_if_exists and include_dir, followed as the server follows them.</summary>
public sealed class ConfigurationFileReaderTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Included_files_are_read_in_place_relative_to_the_including_file()
    {
        Directory.CreateDirectory(Path.Combine(_directory.Path, "conf"));
        _directory.WriteFile("conf/replication.conf", "b = 2\n");
        string main = _directory.WriteFile("postgresql.conf", "a = 1\ninclude 'conf/replication.conf'\nc = 3\n");

        IReadOnlyList<ConfigurationLine> lines = ConfigurationFileReader.Read(main);

        Assert.Equal(["a", "b", "c"], lines.Select(line => line.Name));
        Assert.Equal(new SourceLocation(Path.Combine(_directory.Path, "conf", "replication.conf"), 1), lines[1].Location);
    }

    [Fact]
    public void A_missing_include_if_exists_is_skipped()
    {
        string main = _directory.WriteFile("postgresql.conf", "a = 1\ninclude_if_exists 'absent.conf'\nb = 2\n");

        Assert.Equal(["a", "b"], ConfigurationFileReader.Read(main).Select(line => line.Name));
    }

    [Fact]
    public void A_missing_include_is_an_error_at_the_include_line()
    {
        string main = _directory.WriteFile("postgresql.conf", "a = 1\nINCLUDE = 'absent.conf'\n");

        ServerConfigurationException error = Assert.Throws<ServerConfigurationException>(() => ConfigurationFileReader.Read(main));

        Assert.Equal(new SourceLocation(main, 2), error.Location);
        Assert.Contains($"could not open configuration file \"{Path.Combine(_directory.Path, "absent.conf")}\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Include_dir_reads_its_conf_files_in_name_order_leaving_out_dot_files_and_others()
    {
        string conf = Path.Combine(_directory.Path, "conf.d");
        Directory.CreateDirectory(conf);
        Directory.CreateDirectory(Path.Combine(conf, "sub.conf"));
        _directory.WriteFile("conf.d/20-b.conf", "b = 1\n");
        _directory.WriteFile("conf.d/10-a.conf", "a = 1\n");
        _directory.WriteFile("conf.d/.hidden.conf", "hidden = 1\n");
        _directory.WriteFile("conf.d/notes.txt", "notes = 1\n");
        _directory.WriteFile("conf.d/.conf", "dot = 1\n");
        _directory.WriteFile("conf.d/a-lower.conf", "lower = 1\n");
        _directory.WriteFile("conf.d/Z-upper.conf", "upper = 1\n");
        string main = _directory.WriteFile("postgresql.conf", "include_dir 'conf.d'\nlast = 1\n");

        // strcmp order: digits, then upper case, then lower case.
        Assert.Equal(["a", "b", "upper", "lower", "last"], ConfigurationFileReader.Read(main).Select(line => line.Name));
    }

    [Fact]
    public void A_missing_include_dir_is_an_error()
    {
        string main = _directory.WriteFile("postgresql.conf", "include_dir = 'conf.d'\n");

        ServerConfigurationException error = Assert.Throws<ServerConfigurationException>(() => ConfigurationFileReader.Read(main));

        Assert.Equal(new SourceLocation(main, 1), error.Location);
        Assert.Contains("could not open configuration directory", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_include_loop_ends_at_the_servers_nesting_limit()
    {
        string main = _directory.WriteFile("postgresql.conf", "include 'postgresql.conf'\n");

        ServerConfigurationException error = Assert.Throws<ServerConfigurationException>(() => ConfigurationFileReader.Read(main));

        Assert.Contains("maximum nesting depth exceeded", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_include_name_is_an_error()
    {
        string main = _directory.WriteFile("postgresql.conf", "include ''\n");

        ServerConfigurationException error = Assert.Throws<ServerConfigurationException>(() => ConfigurationFileReader.Read(main));

        Assert.Contains("empty configuration file name", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_syntax_error_in_an_included_file_names_that_file()
    {
        string included = _directory.WriteFile("bad.conf", "\nx = 'unterminated\n");
        string main = _directory.WriteFile("postgresql.conf", "include 'bad.conf'\n");

        ServerConfigurationException error = Assert.Throws<ServerConfigurationException>(() => ConfigurationFileReader.Read(main));

        Assert.Equal(new SourceLocation(included, 2), error.Location);
    }
}
