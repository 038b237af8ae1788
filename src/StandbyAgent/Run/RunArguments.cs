namespace StandbyAgent.Run;

/// <summary>The run command line, checked: where the standby is, where its settings are, and the agent's own setting overrides.</summary>
/// <param name="DataDirectory">--pgdata, or $PGDATA.</param>
/// <param name="RecoveryConfig">--config: a recovery.conf read instead of the data directory's configuration.</param>
/// <param name="SettingsFile">--settings: a JSON file of the agent's own settings.</param>
/// <param name="SettingArguments">--Section:Key=value arguments, for the configuration's command-line source.</param>
internal sealed record RunArguments(string DataDirectory, string? RecoveryConfig, string? SettingsFile, IReadOnlyList<string> SettingArguments);
