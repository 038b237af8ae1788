namespace StandbyAgent.Replication.ServerConfiguration;

/// <summary>
/// A standby's data directory as the agent reads it: its configuration (recovery.conf up to
/// PostgreSQL 11; postgresql.conf, then postgresql.auto.conf, from 12), its signal files, and the
/// start of the base backup it was made from.
/// </summary>
public sealed class StandbyDataDirectory
{
    public const string RecoveryConfFileName = "recovery.conf";
    public const string PostgresqlConfFileName = "postgresql.conf";
    public const string AutoConfFileName = "postgresql.auto.conf";
    public const string StandbySignalFileName = "standby.signal";
    public const string WalDirectoryName = "pg_wal";

    public StandbyDataDirectory(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
    }

    public string Path { get; }

    public string WalDirectory => System.IO.Path.Combine(Path, WalDirectoryName);

    /// <summary>From PostgreSQL 12 the file that makes a server started here run as a standby.</summary>
    public bool HasStandbySignal => File.Exists(PathOf(StandbySignalFileName));

    /// <summary>
    /// The standby settings: from <paramref name="configFile"/> (read as a recovery.conf) when
    /// given, else from recovery.conf when the directory has one, else from postgresql.conf and
    /// postgresql.auto.conf, read in that order as the server reads them.
    /// </summary>
    /// <exception cref="ServerConfigurationException">No configuration, or one the server would refuse.</exception>
    public StandbySettings ReadSettings(string? configFile)
    {
        if (!Directory.Exists(Path))
        {
            throw new ServerConfigurationException(null, $"the data directory \"{Path}\" does not exist");
        }

        string recoveryConf = PathOf(RecoveryConfFileName);
        if (configFile is not null || File.Exists(recoveryConf))
        {
            string file = System.IO.Path.GetFullPath(configFile ?? recoveryConf);
            return StandbySettingsInterpreter.Interpret(ConfigurationFileReader.Read(file), ConfigurationDialect.RecoveryConf, [file]);
        }

        string[] files = [.. new[] { PathOf(PostgresqlConfFileName), PathOf(AutoConfFileName) }.Where(File.Exists)];
        if (files.Length == 0)
        {
            throw new ServerConfigurationException(
                null,
                $"\"{Path}\" holds no {RecoveryConfFileName} (PostgreSQL 11 and older), {PostgresqlConfFileName} or {AutoConfFileName} (12 and newer): "
                + "is it a standby's data directory? Or name the file with primary_conninfo with --config");
        }

        return StandbySettingsInterpreter.Interpret([.. files.SelectMany(ConfigurationFileReader.Read)], ConfigurationDialect.PostgresqlConf, files);
    }

    /// <summary>The base backup's start from backup_label; null when there is none (a standby that already started recovery).</summary>
    /// <exception cref="ServerConfigurationException">backup_label exists but cannot be read or understood.</exception>
    public BackupLabel? ReadBackupLabel()
    {
        string path = PathOf(BackupLabel.FileName);
        try
        {
            return File.Exists(path) ? BackupLabel.Parse(File.ReadAllText(path), path) : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ServerConfigurationException(null, $"could not read \"{path}\": {ex.Message}", ex);
        }
    }

    private string PathOf(string name) => System.IO.Path.Combine(Path, name);
}
