using StandbyAgent.Replication.Configuration;
using Xunit;

namespace StandbyAgent.Replication.Tests.Configuration;

public sealed class ServiceFileTests : IDisposable
{
    private readonly TemporaryDirectory _home = new();
    private readonly TemporaryDirectory _system = new();
    private readonly FakeConnectionEnvironment _environment;

    public ServiceFileTests()
    {
        _environment = new FakeConnectionEnvironment { HomeDirectory = _home.Path };
        _environment.Variables["PGSYSCONFDIR"] = _system.Path;
    }

    public void Dispose()
    {
        _home.Dispose();
        _system.Dispose();
    }

    [Fact]
    public void A_service_named_in_the_connection_string_supplies_its_section()
    {
        _environment.Variables["PGSERVICEFILE"] = _home.WriteFile("services.conf", """
            # the primary
            [other]
            host=wrong

            [primary]
              host=db1
            port=5433
            user=replicator
            [after]
            host=wrong-too
            """);

        using ConnectionSettings settings = Resolve("service=primary");

        Assert.Equal(new HostEndpoint("db1", null, 5433), Assert.Single(settings.Endpoints));
        Assert.Equal("replicator", settings.User);
        Assert.Equal("primary", settings.Options["service"]);
    }

    [Fact]
    public void PGSERVICE_names_the_service_when_the_connection_string_does_not()
    {
        _environment.Variables["PGSERVICE"] = "primary";
        _home.WriteFile(".pg_service.conf", "[primary]\nhost=db1\n");

        using ConnectionSettings settings = Resolve(null);

        Assert.Equal("db1", Assert.Single(settings.Endpoints).Host);
    }

    [Fact]
    public void The_home_service_file_is_found_without_PGSERVICEFILE()
    {
        _home.WriteFile(".pg_service.conf", "[primary]\nhost=fromhome\n");
        _system.WriteFile("pg_service.conf", "[primary]\nhost=fromsystem\n");

        using ConnectionSettings settings = Resolve("service=primary");

        Assert.Equal("fromhome", Assert.Single(settings.Endpoints).Host);
    }

    [Fact]
    public void PGSERVICEFILE_replaces_the_home_service_file()
    {
        _home.WriteFile(".pg_service.conf", "[primary]\nhost=fromhome\n");
        _environment.Variables["PGSERVICEFILE"] = _home.WriteFile("named.conf", "[primary]\nhost=fromnamed\n");

        using ConnectionSettings settings = Resolve("service=primary");

        Assert.Equal("fromnamed", Assert.Single(settings.Endpoints).Host);
    }

    [Fact]
    public void The_system_service_file_in_PGSYSCONFDIR_is_used_when_the_user_file_lacks_the_section()
    {
        _home.WriteFile(".pg_service.conf", "[someother]\nhost=wrong\n");
        _system.WriteFile("pg_service.conf", "[primary]\nhost=fromsystem\n");

        using ConnectionSettings settings = Resolve("service=primary");

        Assert.Equal("fromsystem", Assert.Single(settings.Endpoints).Host);
    }

    [Fact]
    public void Sections_of_the_same_name_in_both_files_are_not_merged()
    {
        _home.WriteFile(".pg_service.conf", "[primary]\nhost=fromhome\n");
        _system.WriteFile("pg_service.conf", "[primary]\nhost=fromsystem\nport=6000\n");

        using ConnectionSettings settings = Resolve("service=primary");

        Assert.Equal(new HostEndpoint("fromhome", null, 5432), Assert.Single(settings.Endpoints));
    }

    [Fact]
    public void A_missing_PGSERVICEFILE_is_an_error()
    {
        string missing = Path.Combine(_home.Path, "absent.conf");
        _environment.Variables["PGSERVICEFILE"] = missing;

        var exception = Assert.Throws<ConnectionSettingsException>(() => Resolve("service=primary"));

        Assert.Equal($"service file \"{missing}\" not found", exception.Message);
    }

    [Fact]
    public void A_service_defined_nowhere_is_an_error()
    {
        _home.WriteFile(".pg_service.conf", "[other]\nhost=db1\n");

        var exception = Assert.Throws<ConnectionSettingsException>(() => Resolve("service=primary"));

        Assert.Equal("definition of service \"primary\" not found", exception.Message);
    }

    [Theory]
    [InlineData("[primary]\nhost=db1\njunk\n", 3)]
    [InlineData("[primary]\nhost = db1\n", 2)]
    [InlineData("# comment\n\n[primary]\nhots=db1\n", 4)]
    public void A_syntax_error_in_the_section_names_the_file_and_line(string content, int line)
    {
        string path = _home.WriteFile(".pg_service.conf", content);

        var exception = Assert.Throws<ConnectionSettingsException>(() => Resolve("service=primary"));

        Assert.Equal($"syntax error in service file \"{path}\", line {line}", exception.Message);
    }

    [Fact]
    public void Lines_of_other_sections_are_not_checked()
    {
        _home.WriteFile(".pg_service.conf", "[other]\nnot a setting\n[primary]\nhost=db1\n");

        using ConnectionSettings settings = Resolve("service=primary");

        Assert.Equal("db1", Assert.Single(settings.Endpoints).Host);
    }

    [Fact]
    public void A_nested_service_is_refused()
    {
        string path = _home.WriteFile(".pg_service.conf", "[primary]\nservice=other\n");

        var exception = Assert.Throws<ConnectionSettingsException>(() => Resolve("service=primary"));

        Assert.Equal($"nested service specifications not supported in service file \"{path}\", line 2", exception.Message);
    }

    [Fact]
    public void Within_a_section_the_first_value_of_a_keyword_wins_and_values_are_literal()
    {
        _home.WriteFile(".pg_service.conf", "[primary]\nhost=first\nhost=second\napplication_name='quoted'\n");

        using ConnectionSettings settings = Resolve("service=primary");

        Assert.Equal("first", Assert.Single(settings.Endpoints).Host);
        Assert.Equal("'quoted'", settings.ApplicationName);
    }

    [Fact]
    public void The_connection_string_beats_the_service_file_and_the_service_file_beats_the_environment()
    {
        _environment.Variables["PGHOST"] = "envhost";
        _environment.Variables["PGPORT"] = "7000";
        _environment.Variables["PGUSER"] = "envuser";
        _home.WriteFile(".pg_service.conf", "[primary]\nhost=svchost\nport=6000\n");

        using ConnectionSettings settings = Resolve("service=primary host=cihost");

        Assert.Equal(new HostEndpoint("cihost", null, 6000), Assert.Single(settings.Endpoints));
        Assert.Equal("envuser", settings.User);
    }

    [Fact]
    public void A_service_section_can_turn_on_rsocket_as_postgres_pro_documents()
    {
        _home.WriteFile(".pg_service.conf", "[rsocket]\nhost=172.17.3.21\nport=5433\nuser=postgres\nwith_rsocket=true\n");

        using ConnectionSettings settings = Resolve("service=rsocket");

        Assert.True(settings.WithRsocket);
        Assert.Equal(new HostEndpoint("172.17.3.21", null, 5433), Assert.Single(settings.Endpoints));
    }

    [Fact]
    public void An_invalid_with_rsocket_in_a_service_section_is_reported()
    {
        _home.WriteFile(".pg_service.conf", "[rsocket]\nwith_rsocket=maybe\n");

        var exception = Assert.Throws<ConnectionSettingsException>(() => Resolve("service=rsocket"));

        Assert.Equal("invalid value for parameter \"with_rsocket\": \"maybe\"", exception.Message);
    }

    [Fact]
    public void A_password_from_a_service_file_names_the_file_as_its_source()
    {
        string path = _home.WriteFile(".pg_service.conf", "[primary]\npassword=svcsecret\n");

        using ConnectionSettings settings = Resolve("service=primary");

        Assert.Equal("svcsecret", new string(settings.Password!.Span));
        Assert.Equal($"service file \"{path}\"", settings.PasswordSource);
    }

    private ConnectionSettings Resolve(string? connectionString) =>
        new ConnectionSettingsResolver(_environment, new RecordingLogger()).Resolve(connectionString);
}
