using StandbyAgent.Replication.Configuration;
using Xunit;

namespace StandbyAgent.Replication.Tests.Configuration;

public sealed class ConnectionSettingsResolverTests
{
    private readonly FakeConnectionEnvironment _environment = new();

    [Fact]
    public void With_nothing_given_the_defaults_apply()
    {
        using ConnectionSettings settings = Resolve(null);

        HostEndpoint endpoint = Assert.Single(settings.Endpoints);
        Assert.Equal(new HostEndpoint("/var/run/postgresql", null, 5432), endpoint);
        Assert.Equal("/var/run/postgresql/.s.PGSQL.5432", endpoint.UnixSocketPath);
        Assert.Equal("osuser", settings.User);
        Assert.Equal("replication", settings.Database);
        Assert.Equal(SslMode.Prefer, settings.SslMode);
        Assert.Null(settings.ConnectTimeout);
        Assert.False(settings.WithRsocket);
        Assert.Null(settings.Password);
        Assert.Null(settings.PasswordSource);
        Assert.Null(settings.ApplicationName);
        Assert.Equal("user=osuser host=/var/run/postgresql port=5432 sslmode=prefer", settings.ToDisplayString());
    }

    [Fact]
    public void Environment_variables_fill_what_the_connection_string_leaves_out()
    {
        _environment.Variables["PGHOST"] = "envhost";
        _environment.Variables["PGPORT"] = "5440";
        _environment.Variables["PGUSER"] = "envuser";
        _environment.Variables["PGAPPNAME"] = "envapp";
        _environment.Variables["PGSSLMODE"] = "disable";
        _environment.Variables["PGCONNECT_TIMEOUT"] = "7";
        _environment.Variables["PGDATABASE"] = "envdb";
        _environment.Variables["PGPASSWORD"] = "envsecret";

        using ConnectionSettings settings = Resolve("");

        Assert.Equal(new HostEndpoint("envhost", null, 5440), Assert.Single(settings.Endpoints));
        Assert.Equal("envuser", settings.User);
        Assert.Equal("envapp", settings.ApplicationName);
        Assert.Equal(SslMode.Disable, settings.SslMode);
        Assert.Equal(TimeSpan.FromSeconds(7), settings.ConnectTimeout);
        Assert.Equal("envdb", settings.Options["dbname"]);
        Assert.Equal("envsecret", new string(settings.Password!.Span));
        Assert.Equal("PGPASSWORD", settings.PasswordSource);
    }

    [Fact]
    public void Hostaddr_comes_from_PGHOSTADDR()
    {
        _environment.Variables["PGHOSTADDR"] = "192.0.2.7";

        using ConnectionSettings settings = Resolve(null);

        Assert.Equal(new HostEndpoint("192.0.2.7", "192.0.2.7", 5432, HostNameGiven: false), Assert.Single(settings.Endpoints));
    }

    [Fact]
    public void Connection_string_beats_environment()
    {
        _environment.Variables["PGHOST"] = "envhost";
        _environment.Variables["PGUSER"] = "envuser";

        using ConnectionSettings settings = Resolve("host=cihost");

        Assert.Equal("cihost", Assert.Single(settings.Endpoints).Host);
        Assert.Equal("envuser", settings.User);
    }

    [Fact]
    public void Override_beats_connection_string_and_environment()
    {
        _environment.Variables["PGPORT"] = "5440";

        using ConnectionSettings settings = Resolve(
            "host=cihost port=5433 user=ciuser",
            new Dictionary<string, string?> { ["host"] = "overhost", ["port"] = "6000" });

        Assert.Equal(new HostEndpoint("overhost", null, 6000), Assert.Single(settings.Endpoints));
        Assert.Equal("ciuser", settings.User);
    }

    [Fact]
    public void Null_or_empty_overrides_count_as_not_given()
    {
        using ConnectionSettings settings = Resolve(
            "host=cihost user=ciuser",
            new Dictionary<string, string?> { ["host"] = null, ["user"] = "" });

        Assert.Equal("cihost", Assert.Single(settings.Endpoints).Host);
        Assert.Equal("ciuser", settings.User);
    }

    [Fact]
    public void An_unknown_override_keyword_is_an_invalid_connection_option()
    {
        var exception = Assert.Throws<ConnectionSettingsException>(
            () => Resolve(null, new Dictionary<string, string?> { ["hots"] = "x" }));

        Assert.Equal("invalid connection option \"hots\"", exception.Message);
    }

    [Fact]
    public void The_last_of_a_repeated_keyword_wins()
    {
        using ConnectionSettings settings = Resolve("host=first host=second");

        Assert.Equal("second", Assert.Single(settings.Endpoints).Host);
    }

    [Fact]
    public void An_empty_value_in_the_connection_string_hides_the_environment_and_means_the_default()
    {
        _environment.Variables["PGHOST"] = "envhost";

        using ConnectionSettings settings = Resolve("host=''");

        Assert.Equal("/var/run/postgresql", Assert.Single(settings.Endpoints).Host);
    }

    [Fact]
    public void The_database_is_always_replication_and_a_given_dbname_is_kept_in_options()
    {
        using ConnectionSettings settings = Resolve("dbname=postgres");

        Assert.Equal("replication", settings.Database);
        Assert.Equal("postgres", settings.Options["dbname"]);
    }

    [Fact]
    public void One_port_serves_every_host()
    {
        using ConnectionSettings settings = Resolve("host=a,b,c port=5433");

        Assert.Equal([new("a", null, 5433), new("b", null, 5433), new("c", null, 5433)], settings.Endpoints);
    }

    [Fact]
    public void Each_host_may_have_its_own_port_and_an_empty_item_takes_the_default()
    {
        using ConnectionSettings settings = Resolve("host=a,,c port=5433,5434,");

        Assert.Equal(
            [new("a", null, 5433), new("/var/run/postgresql", null, 5434), new("c", null, 5432)],
            settings.Endpoints);
    }

    [Fact]
    public void A_uri_with_several_hosts_gives_one_endpoint_each()
    {
        using ConnectionSettings settings = Resolve("postgresql://a:5433,[2001:db8::1],c/db");

        Assert.Equal(
            [new("a", null, 5433), new("2001:db8::1", null, 5432), new("c", null, 5432)],
            settings.Endpoints);
    }

    [Theory]
    [InlineData("host=a,b port=1,2,3", "could not match 3 port numbers to 2 hosts")]
    [InlineData("port=1,2", "could not match 2 port numbers to 1 hosts")]
    [InlineData("host=a,b,c hostaddr=192.0.2.1,192.0.2.2", "could not match 3 host names to 2 hostaddr values")]
    [InlineData("hostaddr=192.0.2.1,192.0.2.2 port=1,2,3", "could not match 3 port numbers to 2 hosts")]
    public void Mismatched_list_lengths_are_reported_as_libpq_does(string connectionString, string message)
    {
        var exception = Assert.Throws<ConnectionSettingsException>(() => Resolve(connectionString));

        Assert.Equal(message, exception.Message);
    }

    [Fact]
    public void Hostaddr_items_pair_with_host_items_and_name_the_server_when_the_host_is_empty()
    {
        using ConnectionSettings settings = Resolve("host=db1, hostaddr=192.0.2.1,2001:db8::2 port=5433");

        Assert.Equal(
            [new("db1", "192.0.2.1", 5433), new("2001:db8::2", "2001:db8::2", 5433, HostNameGiven: false)],
            settings.Endpoints);
        Assert.False(settings.Endpoints[0].IsUnixSocket);
    }

    [Fact]
    public void A_hostaddr_that_is_not_a_numeric_address_is_refused()
    {
        var exception = Assert.Throws<ConnectionSettingsException>(() => Resolve("hostaddr=db.example.com"));

        Assert.Equal("could not parse network address \"db.example.com\"", exception.Message);
    }

    [Theory]
    [InlineData("port=abc", "invalid integer value \"abc\" for connection option \"port\"")]
    [InlineData("port=5432x", "invalid integer value \"5432x\" for connection option \"port\"")]
    [InlineData("port=0", "invalid port number: \"0\"")]
    [InlineData("port=65536", "invalid port number: \"65536\"")]
    [InlineData("connect_timeout=soon", "invalid integer value \"soon\" for connection option \"connect_timeout\"")]
    [InlineData("connect_timeout=99999999999", "invalid integer value \"99999999999\" for connection option \"connect_timeout\"")]
    [InlineData("keepalives_idle=x", "invalid integer value \"x\" for connection option \"keepalives_idle\"")]
    [InlineData("tcp_user_timeout=1.5", "invalid integer value \"1.5\" for connection option \"tcp_user_timeout\"")]
    public void Integer_options_are_checked(string connectionString, string message)
    {
        var exception = Assert.Throws<ConnectionSettingsException>(() => Resolve(connectionString));

        Assert.Equal(message, exception.Message);
    }

    [Theory]
    [InlineData("0", null)]
    [InlineData("-5", null)]
    [InlineData("1", 2)]
    [InlineData("2", 2)]
    [InlineData(" 10 ", 10)]
    [InlineData("+30", 30)]
    public void Connect_timeout_is_in_seconds_with_libpq_minimum_of_two_and_none_for_zero_or_less(string value, int? seconds)
    {
        using ConnectionSettings settings = Resolve($"connect_timeout='{value}'");

        Assert.Equal(seconds is null ? null : TimeSpan.FromSeconds(seconds.Value), settings.ConnectTimeout);
    }

    [Theory]
    [InlineData("disable", SslMode.Disable)]
    [InlineData("allow", SslMode.Allow)]
    [InlineData("prefer", SslMode.Prefer)]
    [InlineData("require", SslMode.Require)]
    [InlineData("verify-ca", SslMode.VerifyCa)]
    [InlineData("verify-full", SslMode.VerifyFull)]
    public void Every_sslmode_is_parsed(string value, SslMode mode)
    {
        using ConnectionSettings settings = Resolve($"sslmode={value}");

        Assert.Equal(mode, settings.SslMode);
    }

    [Theory]
    [InlineData("sslmode=x", "invalid sslmode value: \"x\"")]
    [InlineData("sslmode=Require", "invalid sslmode value: \"Require\"")]
    [InlineData("sslmode=''", "invalid sslmode value: \"\"")]
    [InlineData("gssencmode=maybe", "invalid gssencmode value: \"maybe\"")]
    [InlineData("channel_binding=always", "invalid channel_binding value: \"always\"")]
    [InlineData("target_session_attrs=master", "invalid target_session_attrs value: \"master\"")]
    [InlineData("load_balance_hosts=yes", "invalid load_balance_hosts value: \"yes\"")]
    [InlineData("sslnegotiation=fast", "invalid sslnegotiation value: \"fast\"")]
    [InlineData("sslcertmode=never", "invalid sslcertmode value: \"never\"")]
    public void Values_outside_libpq_sets_are_invalid(string connectionString, string message)
    {
        var exception = Assert.Throws<ConnectionSettingsException>(() => Resolve(connectionString));

        Assert.Equal(message, exception.Message);
    }

    [Fact]
    public void An_invalid_sslmode_from_the_environment_is_reported_too()
    {
        _environment.Variables["PGSSLMODE"] = "sometimes";

        var exception = Assert.Throws<ConnectionSettingsException>(() => Resolve(null));

        Assert.Equal("invalid sslmode value: \"sometimes\"", exception.Message);
    }

    [Fact]
    public void The_deprecated_PGREQUIRESSL_demands_tls_below_PGSSLMODE()
    {
        _environment.Variables["PGREQUIRESSL"] = "1";

        using ConnectionSettings alone = Resolve(null);
        using ConnectionSettings underConnectionString = Resolve("sslmode=disable");
        _environment.Variables["PGSSLMODE"] = "allow";
        using ConnectionSettings underPgSslMode = Resolve(null);

        Assert.Equal(SslMode.Require, alone.SslMode);
        Assert.Equal(SslMode.Disable, underConnectionString.SslMode);
        Assert.Equal(SslMode.Allow, underPgSslMode.SslMode);
    }

    [Theory]
    [InlineData("gssencmode=require", "GSSAPI encryption is not supported")]
    [InlineData("sslcertmode=require", "this client cannot tell whether the server asked for its certificate")]
    [InlineData("load_balance_hosts=random", "hosts are always tried in the order given")]
    [InlineData("target_session_attrs=standby", "only \"any\", \"read-write\" and \"primary\" are supported")]
    [InlineData("target_session_attrs=read-only", "only \"any\", \"read-write\" and \"primary\" are supported")]
    [InlineData("target_session_attrs=prefer-standby", "only \"any\", \"read-write\" and \"primary\" are supported")]
    [InlineData("replication=database", "a logical replication connection cannot stream physical WAL")]
    [InlineData("replication=off", "WAL is streamed only over a physical replication connection")]
    [InlineData("replication=false", "WAL is streamed only over a physical replication connection")]
    public void Demands_this_client_cannot_meet_fail_with_the_reason(string connectionString, string reason)
    {
        var exception = Assert.Throws<ConnectionSettingsException>(() => Resolve(connectionString));

        Assert.EndsWith("cannot be honoured: " + reason, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Gssencmode_require_from_the_environment_is_refused_too()
    {
        _environment.Variables["PGGSSENCMODE"] = "require";

        var exception = Assert.Throws<ConnectionSettingsException>(() => Resolve(null));

        Assert.Equal("gssencmode value \"require\" cannot be honoured: GSSAPI encryption is not supported", exception.Message);
    }

    [Theory]
    [InlineData("any")]
    [InlineData("read-write")]
    [InlineData("primary")]
    public void Target_session_attrs_this_client_accepts_are_kept_in_options(string value)
    {
        using ConnectionSettings settings = Resolve($"target_session_attrs={value}");

        Assert.Equal(value, settings.Options["target_session_attrs"]);
    }

    [Theory]
    [InlineData("true")]
    [InlineData("on")]
    [InlineData("1")]
    [InlineData("yes")]
    public void A_true_replication_value_is_accepted(string value)
    {
        using ConnectionSettings settings = Resolve($"replication={value}");

        Assert.Equal(value, settings.Options["replication"]);
    }

    [Fact]
    public void A_replication_value_that_is_neither_boolean_nor_database_is_invalid()
    {
        var exception = Assert.Throws<ConnectionSettingsException>(() => Resolve("replication=physical"));

        Assert.Equal("invalid value for parameter \"replication\": \"physical\"", exception.Message);
    }

    [Fact]
    public void Direct_tls_negotiation_needs_an_sslmode_that_requires_tls()
    {
        var exception = Assert.Throws<ConnectionSettingsException>(() => Resolve("sslnegotiation=direct"));

        Assert.Equal(
            "weak sslmode \"prefer\" may not be used with sslnegotiation=direct (use \"require\", \"verify-ca\", or \"verify-full\")",
            exception.Message);

        using ConnectionSettings settings = Resolve("sslnegotiation=direct sslmode=verify-full");
        Assert.Equal("direct", settings.Options["sslnegotiation"]);
    }

    [Theory]
    [InlineData("with_rsocket=true", true)]
    [InlineData("with_rsocket=ON", true)]
    [InlineData("with_rsocket=y", true)]
    [InlineData("with_rsocket=of", false)]
    [InlineData("with_rsocket=0", false)]
    public void With_rsocket_takes_postgres_booleans_from_the_connection_string(string connectionString, bool expected)
    {
        using ConnectionSettings settings = Resolve(connectionString);

        Assert.Equal(expected, settings.WithRsocket);
    }

    [Fact]
    public void With_rsocket_comes_from_WITH_RSOCKET_without_a_PG_prefix()
    {
        _environment.Variables["WITH_RSOCKET"] = "true";

        using ConnectionSettings settings = Resolve("host=172.17.3.21");

        Assert.True(settings.WithRsocket);
        Assert.Equal("true", settings.Options["with_rsocket"]);
    }

    [Fact]
    public void With_rsocket_in_the_connection_string_beats_WITH_RSOCKET()
    {
        _environment.Variables["WITH_RSOCKET"] = "true";

        using ConnectionSettings settings = Resolve("with_rsocket=false");

        Assert.False(settings.WithRsocket);
    }

    [Theory]
    [InlineData("maybe")]
    [InlineData("o")]
    [InlineData("")]
    public void An_invalid_with_rsocket_value_is_reported(string value)
    {
        var exception = Assert.Throws<ConnectionSettingsException>(() => Resolve($"with_rsocket='{value}'"));

        Assert.Equal($"invalid value for parameter \"with_rsocket\": \"{value}\"", exception.Message);
    }

    [Fact]
    public void An_invalid_WITH_RSOCKET_is_reported()
    {
        _environment.Variables["WITH_RSOCKET"] = "maybe";

        var exception = Assert.Throws<ConnectionSettingsException>(() => Resolve(null));

        Assert.Equal("invalid value for parameter \"with_rsocket\": \"maybe\"", exception.Message);
    }

    [Fact]
    public void The_postgres_pro_rdma_primary_conninfo_resolves()
    {
        using ConnectionSettings settings = Resolve("user=postgres host=172.17.3.21 port=5432 with_rsocket=true");

        Assert.Equal(new HostEndpoint("172.17.3.21", null, 5432), Assert.Single(settings.Endpoints));
        Assert.True(settings.WithRsocket);
    }

    [Fact]
    public void Application_names_come_from_the_connection_string_or_PGAPPNAME_and_the_fallback_is_kept()
    {
        _environment.Variables["PGAPPNAME"] = "envapp";

        using ConnectionSettings fromString = Resolve("application_name=standby1 fallback_application_name=walreceiver");
        using ConnectionSettings fromEnvironment = Resolve("fallback_application_name=walreceiver");

        Assert.Equal("standby1", fromString.ApplicationName);
        Assert.Equal("walreceiver", fromString.FallbackApplicationName);
        Assert.Equal("envapp", fromEnvironment.ApplicationName);
    }

    [Fact]
    public void An_application_name_of_63_printable_ascii_characters_is_accepted()
    {
        string name = new('a', 63);

        using ConnectionSettings settings = Resolve($"application_name={name}");

        Assert.Equal(name, settings.ApplicationName);
    }

    [Theory]
    [InlineData("application_name")]
    [InlineData("fallback_application_name")]
    public void An_application_name_longer_than_63_bytes_is_refused(string keyword)
    {
        string name = new('a', 64);

        var exception = Assert.Throws<ConnectionSettingsException>(() => Resolve($"{keyword}={name}"));

        Assert.Equal(
            $"{keyword} \"{name}\" is not accepted: use at most 63 printable ASCII characters, because the server would truncate or alter it",
            exception.Message);
    }

    [Fact]
    public void A_non_ascii_application_name_is_refused()
    {
        var exception = Assert.Throws<ConnectionSettingsException>(() => Resolve("application_name=réplica"));

        Assert.StartsWith("application_name \"réplica\" is not accepted", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Control_characters_in_a_refused_application_name_are_escaped_in_the_message()
    {
        var exception = Assert.Throws<ConnectionSettingsException>(() => Resolve("application_name='a\nb'"));

        Assert.StartsWith("application_name \"a\\u000Ab\" is not accepted", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_hold_every_keyword_in_effect_but_never_the_password()
    {
        _environment.Variables["PGCLIENTENCODING"] = "UTF8";

        using ConnectionSettings settings = Resolve("host=db1 password=hunter2 keepalives_idle=30 requirepeer=postgres");

        Assert.Equal("db1", settings.Options["host"]);
        Assert.Equal("30", settings.Options["keepalives_idle"]);
        Assert.Equal("postgres", settings.Options["requirepeer"]);
        Assert.Equal("UTF8", settings.Options["client_encoding"]);
        Assert.False(settings.Options.ContainsKey("password"));
        Assert.DoesNotContain(settings.Options.Values, value => value.Contains("hunter2", StringComparison.Ordinal));
    }

    [Fact]
    public void The_line_pg_basebackup_writes_resolves()
    {
        using ConnectionSettings settings = Resolve(
            "user=postgres passfile='/root/.pgpass' channel_binding=prefer host=localhost port=5432 sslmode=prefer "
            + "sslcompression=0 sslsni=1 ssl_min_protocol_version=TLSv1.2 gssencmode=prefer krbsrvname=postgres target_session_attrs=any");

        Assert.Equal(new HostEndpoint("localhost", null, 5432), Assert.Single(settings.Endpoints));
        Assert.Equal("postgres", settings.User);
        Assert.Equal(SslMode.Prefer, settings.SslMode);
        Assert.Equal(
            "user=postgres passfile=/root/.pgpass channel_binding=prefer host=localhost port=5432 sslmode=prefer sslcompression=0 "
            + "sslsni=1 ssl_min_protocol_version=TLSv1.2 gssencmode=prefer krbsrvname=postgres target_session_attrs=any",
            string.Join(' ', settings.Options.Select(option => $"{option.Key}={option.Value}")));
    }

    [Fact]
    public void The_primary_conninfo_of_pg_basebackup_17_with_dbname_resolves_to_the_replication_database()
    {
        using ConnectionSettings settings = Resolve(
            "user=replicator password=s3cret channel_binding=prefer host=10.0.0.5 port=5432 sslmode=prefer sslnegotiation=postgres "
            + "sslcompression=0 sslcertmode=allow sslsni=1 ssl_min_protocol_version=TLSv1.2 gssencmode=prefer krbsrvname=postgres "
            + "gssdelegation=0 target_session_attrs=any load_balance_hosts=disable dbname=postgres");

        Assert.Equal("replication", settings.Database);
        Assert.Equal("postgres", settings.Options["dbname"]);
        Assert.Equal("connection string", settings.PasswordSource);
    }

    [Fact]
    public void Disposing_the_settings_wipes_the_passwords()
    {
        ConnectionSettings settings = Resolve("password=pw sslpassword=keypass");

        settings.Dispose();

        Assert.Throws<ObjectDisposedException>(() => settings.Password!.Span.Length);
        Assert.Throws<ObjectDisposedException>(() => settings.SslPassword!.Span.Length);
    }

    private ConnectionSettings Resolve(string? connectionString, IReadOnlyDictionary<string, string?>? overrides = null) =>
        new ConnectionSettingsResolver(_environment, new RecordingLogger()).Resolve(connectionString, overrides);
}
