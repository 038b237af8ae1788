using StandbyAgent.Replication.ServerConfiguration;
using StandbyAgent.Replication.Tests.Configuration;
using Xunit;

namespace StandbyAgent.Replication.Tests.ServerConfiguration;

/// <summary>Which files a data directory's settings come from.</summary>
public sealed class StandbyDataDirectoryTests : IDisposable
{
    private readonly TemporaryDirectory _data = new();
    private readonly StandbyDataDirectory _directory;

    public StandbyDataDirectoryTests()
    {
        _directory = new StandbyDataDirectory(_data.Path);
    }

    public void Dispose() => _data.Dispose();

    [Fact]
    public void Recovery_conf_wins_when_present()
    {
        _data.WriteFile("recovery.conf", "primary_conninfo = 'host=from-recovery-conf'\n");
        _data.WriteFile("postgresql.auto.conf", "primary_conninfo = 'host=from-auto-conf'\n");

        StandbySettings settings = _directory.ReadSettings(configFile: null);

        Assert.Equal("host=from-recovery-conf", settings.PrimaryConnInfo);
        Assert.Equal(ConfigurationDialect.RecoveryConf, settings.Dialect);
    }

    [Fact]
    public void Without_recovery_conf_postgresql_auto_conf_is_read_over_postgresql_conf()
    {
        _data.WriteFile("postgresql.conf", "primary_conninfo = 'host=from-postgresql-conf'\nprimary_slot_name = 'kept'\n");
        _data.WriteFile("postgresql.auto.conf", "primary_conninfo = 'host=from-auto-conf'\n");

        StandbySettings settings = _directory.ReadSettings(configFile: null);

        Assert.Equal("host=from-auto-conf", settings.PrimaryConnInfo);
        Assert.Equal("kept", settings.PrimarySlotName);
        Assert.Equal(ConfigurationDialect.PostgresqlConf, settings.Dialect);
        Assert.Equal([Path.Combine(_data.Path, "postgresql.conf"), Path.Combine(_data.Path, "postgresql.auto.conf")], settings.Files);
    }

    [Fact]
    public void A_config_file_replaces_the_data_directorys_files_and_is_read_as_a_recovery_conf()
    {
        _data.WriteFile("postgresql.auto.conf", "primary_conninfo = 'host=from-auto-conf'\n");
        using var elsewhere = new TemporaryDirectory();
        string config = elsewhere.WriteFile("agent.conf", "primary_conninfo = 'host=from-config'\n");

        StandbySettings settings = _directory.ReadSettings(config);

        Assert.Equal("host=from-config", settings.PrimaryConnInfo);
        Assert.Equal(ConfigurationDialect.RecoveryConf, settings.Dialect);
    }

    [Fact]
    public void A_directory_without_configuration_is_refused_with_what_was_looked_for()
    {
        ServerConfigurationException error = Assert.Throws<ServerConfigurationException>(() => _directory.ReadSettings(configFile: null));

        Assert.Contains("holds no recovery.conf (PostgreSQL 11 and older), postgresql.conf or postgresql.auto.conf (12 and newer)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Standby_signal_and_backup_label_are_found()
    {
        Assert.False(_directory.HasStandbySignal);
        Assert.Null(_directory.ReadBackupLabel());

        _data.WriteFile("standby.signal", string.Empty);
        _data.WriteFile("backup_label", "START WAL LOCATION: 0/2000028 (file 000000010000000000000002)\nSTART TIMELINE: 1\n");

        Assert.True(_directory.HasStandbySignal);
        Assert.Equal(1u, _directory.ReadBackupLabel()!.StartTimeline);
        Assert.Equal(Path.Combine(_data.Path, "pg_wal"), _directory.WalDirectory);
    }
}
