using Microsoft.Extensions.Logging;
using StandbyAgent.Replication.Configuration;
using StandbyAgent.Replication.ServerConfiguration;
using StandbyAgent.Storage;

namespace StandbyAgent.Run;

/// <summary>
/// What the run takes from the standby's data directory: its streaming settings, where its base
/// backup starts, and primary_conninfo resolved the way libpq resolves it. Read and checked once
/// at start, so a mistake stops the agent with the file and line at fault.
/// </summary>
internal sealed class StandbySetup
{
    /// <summary>The walreceiver falls back to "walreceiver"; the agent names itself so pg_stat_replication tells them apart.</summary>
    private const string DefaultApplicationName = "standby-agent";

    private readonly Dictionary<string, string?> _overrides;

    private StandbySetup(StandbyDataDirectory dataDirectory, StandbySettings settings, BackupLabel? backupLabel)
    {
        DataDirectory = dataDirectory;
        Settings = settings;
        BackupLabel = backupLabel;

        // As libpqwalreceiver passes it: it names the connection unless primary_conninfo does.
        _overrides = new() { ["fallback_application_name"] = settings.ClusterName ?? DefaultApplicationName };
    }

    public StandbyDataDirectory DataDirectory { get; }

    public StandbySettings Settings { get; }

    /// <summary>Null once the standby's server has started recovery (it renames backup_label) or when there was none.</summary>
    public BackupLabel? BackupLabel { get; }

    /// <summary>Where streaming into an empty pg_wal starts: every byte of WAL the base backup needs.</summary>
    public StreamingStart? StartWhenEmpty => BackupLabel is { } label
        ? new StreamingStart(label.StartTimeline, label.StartLocation, $"starting where the base backup in backup_label starts, {label.StartLocation} on timeline {label.StartTimeline}")
        : null;

    /// <exception cref="ServerConfigurationException">The configuration is missing or wrong, primary_conninfo included.</exception>
    public static StandbySetup Load(string dataDirectory, string? configFile, ILogger logger)
    {
        var directory = new StandbyDataDirectory(dataDirectory);
        StandbySettings settings = directory.ReadSettings(configFile);
        RunLog.StandbySettingsRead(logger, string.Join(", ", settings.Files));
        if (settings.Dialect == ConfigurationDialect.RecoveryConf && settings.StandbyMode == false)
        {
            RunLog.StandbyModeOff(logger, settings.Files[0]);
        }

        if (settings.Dialect == ConfigurationDialect.PostgresqlConf && !directory.HasStandbySignal)
        {
            RunLog.NoStandbySignal(logger, directory.Path);
        }

        var setup = new StandbySetup(directory, settings, directory.ReadBackupLabel());
        try
        {
            using ConnectionSettings connection = setup.ResolveConnection(logger);
            RunLog.StandbyOf(logger, connection.ToDisplayString(), settings.PrimarySlotName ?? "(none)", settings.TargetTimeline.ToString());
        }
        catch (ConnectionSettingsException ex)
        {
            throw new ServerConfigurationException(settings.PrimaryConnInfoLocation, $"invalid primary_conninfo: {ex.Message}", ex);
        }

        return setup;
    }

    /// <summary>
    /// primary_conninfo through libpq's rules (service file, password file, environment). Done
    /// again for every connection, as libpq reads the password file at every connect, so a
    /// rotated password needs no restart.
    /// </summary>
    /// <exception cref="ConnectionSettingsException">The connection string, a service file or the environment is unusable.</exception>
    public ConnectionSettings ResolveConnection(ILogger logger) =>
        new ConnectionSettingsResolver(SystemConnectionEnvironment.Instance, logger).Resolve(Settings.PrimaryConnInfo, _overrides);
}
