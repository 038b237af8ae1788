using System.Text;
using StandbyAgent.Replication.ServerConfiguration;
using Xunit;

namespace StandbyAgent.Replication.Tests.ServerConfiguration;

/// <summary>From lines to the settings the agent streams with: last assignment wins, values checked as the server checks them.</summary>
public sealed class StandbySettingsInterpreterTests
{
    private const string File = "/data/recovery.conf";

    [Fact]
    public void A_recovery_conf_gives_the_connection_string_slot_and_target_timeline()
    {
        StandbySettings settings = Interpret(
            """
            standby_mode = 'on'
            primary_conninfo = 'host=primary user=replicator'
            primary_slot_name = 'standby_1'
            recovery_target_timeline = 'latest'
            restore_command = 'cp /archive/%f %p'
            """);

        Assert.Equal("host=primary user=replicator", settings.PrimaryConnInfo);
        Assert.Equal(new SourceLocation(File, 2), settings.PrimaryConnInfoLocation);
        Assert.Equal("standby_1", settings.PrimarySlotName);
        Assert.Equal(RecoveryTargetTimeline.Latest, settings.TargetTimeline);
        Assert.True(settings.StandbyMode);
        Assert.Equal([File], settings.Files);
    }

    [Fact]
    public void The_last_assignment_wins_as_when_pg_basebackup_appends_to_postgresql_auto_conf()
    {
        StandbySettings settings = Interpret(
            """
            primary_conninfo = 'host=old'
            primary_slot_name = 'old_slot'
            primary_conninfo = 'host=new'
            primary_slot_name = ''
            """,
            ConfigurationDialect.PostgresqlConf);

        Assert.Equal("host=new", settings.PrimaryConnInfo);
        Assert.Equal(3, settings.PrimaryConnInfoLocation.Line);
        Assert.Null(settings.PrimarySlotName);
    }

    [Fact]
    public void Postgresql_conf_names_are_case_insensitive_and_unknown_settings_are_ignored()
    {
        StandbySettings settings = Interpret(
            """
            shared_buffers = 128MB
            Primary_ConnInfo = 'host=primary'
            CLUSTER_NAME = 'main'
            """,
            ConfigurationDialect.PostgresqlConf);

        Assert.Equal("host=primary", settings.PrimaryConnInfo);
        Assert.Equal("main", settings.ClusterName);
        Assert.Null(settings.StandbyMode);
    }

    [Theory]
    [InlineData("primary_conninf = 'host=a'", "unrecognized recovery parameter \"primary_conninf\"")]
    [InlineData("Primary_Conninfo = 'host=a'", "unrecognized recovery parameter \"Primary_Conninfo\"")]
    public void A_recovery_conf_accepts_only_recovery_parameters_spelled_exactly(string line, string expected)
    {
        ServerConfigurationException error = Assert.Throws<ServerConfigurationException>(() => Interpret($"primary_conninfo = 'host=a'\n{line}"));

        Assert.Equal(new SourceLocation(File, 2), error.Location);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains("primary_conninfo, primary_slot_name", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_primary_conninfo_names_the_files_read_and_what_was_expected()
    {
        ServerConfigurationException error = Assert.Throws<ServerConfigurationException>(() => Interpret("standby_mode = on"));

        Assert.Null(error.Location);
        Assert.Equal(
            $"primary_conninfo is not set in \"{File}\": expected a line such as primary_conninfo = 'host=primary.example.com port=5432 user=replicator'",
            error.Message);
    }

    [Fact]
    public void An_empty_primary_conninfo_is_refused_at_its_line()
    {
        ServerConfigurationException error = Assert.Throws<ServerConfigurationException>(() => Interpret("standby_mode = on\nprimary_conninfo = ''"));

        Assert.Equal(new SourceLocation(File, 2), error.Location);
        Assert.Contains("primary_conninfo is empty", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("primary_slot_name = 'Standby-1'", "invalid value \"Standby-1\" for primary_slot_name: expected 1 to 63 lower-case letters, digits and underscores")]
    [InlineData("recovery_target_timeline = 'newest'", "invalid value \"newest\" for recovery_target_timeline: expected 'latest', 'current' or a timeline number (1 or more)")]
    [InlineData("recovery_target_timeline = 0", "invalid value \"0\" for recovery_target_timeline")]
    [InlineData("recovery_target_timeline = 'LATEST'", "invalid value \"LATEST\" for recovery_target_timeline")]
    [InlineData("recovery_target_lsn = '0/XYZ'", "invalid value \"0/XYZ\" for recovery_target_lsn: expected a WAL location such as '0/3000000'")]
    [InlineData("standby_mode = 'maybe'", "invalid value \"maybe\" for standby_mode: expected on or off")]
    public void A_bad_value_is_reported_with_file_line_and_what_was_expected(string line, string expected)
    {
        ServerConfigurationException error = Assert.Throws<ServerConfigurationException>(() => Interpret($"primary_conninfo = 'host=a'\n\n{line}"));

        Assert.StartsWith($"file \"{File}\" line 3: {expected}", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("recovery_target_timeline = 'current'", "current")]
    [InlineData("recovery_target_timeline = 3", "3")]
    [InlineData("recovery_target_lsn = '16/B374D848'", "latest")]
    [InlineData("standby_mode = off", "latest")]
    public void Good_values_are_taken(string line, string timeline) =>
        Assert.Equal(timeline, Interpret($"primary_conninfo = 'host=a'\n{line}").TargetTimeline.ToString());

    private static StandbySettings Interpret(string text, ConfigurationDialect dialect = ConfigurationDialect.RecoveryConf) =>
        StandbySettingsInterpreter.Interpret(ConfigurationFileParser.Parse(Encoding.UTF8.GetBytes(text), File), dialect, [File]);
}
