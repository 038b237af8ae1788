using StandbyAgent.Protocol;
using StandbyAgent.Protocol.Replication;
using StandbyAgent.Replication.Configuration;

namespace StandbyAgent.Replication.ServerConfiguration;

/// <summary>
/// Turns the lines of a standby's configuration into <see cref="StandbySettings"/>: the last
/// assignment of each setting wins (pg_basebackup -R appends), and each value the agent reads is
/// checked the way the server checks it, an error naming the file and line. Pure.
/// </summary>
public static class StandbySettingsInterpreter
{
    private const string PrimaryConnInfo = "primary_conninfo";
    private const string PrimarySlotName = "primary_slot_name";
    private const string TargetTimeline = "recovery_target_timeline";
    private const string TargetLsn = "recovery_target_lsn";
    private const string StandbyMode = "standby_mode";
    private const string ClusterName = "cluster_name";

    /// <summary>PostgreSQL 11's readRecoveryCommandFile accepted exactly these names.</summary>
    private static readonly HashSet<string> s_recoveryParameters = new(StringComparer.Ordinal)
    {
        "restore_command", "recovery_end_command", "archive_cleanup_command", "recovery_target_action",
        TargetTimeline, "recovery_target_xid", "recovery_target_time", "recovery_target_name", TargetLsn,
        "recovery_target", "recovery_target_inclusive", StandbyMode, PrimaryConnInfo, PrimarySlotName,
        "trigger_file", "recovery_min_apply_delay",
    };

    /// <param name="lines">Every line read, includes followed, in reading order.</param>
    /// <param name="dialect">How names are matched.</param>
    /// <param name="files">The files read, for the message when primary_conninfo is missing.</param>
    /// <exception cref="ServerConfigurationException">A value is invalid, or primary_conninfo is missing or empty.</exception>
    public static StandbySettings Interpret(IReadOnlyList<ConfigurationLine> lines, ConfigurationDialect dialect, IReadOnlyList<string> files)
    {
        StringComparer names = dialect == ConfigurationDialect.RecoveryConf ? StringComparer.Ordinal : StringComparer.OrdinalIgnoreCase;
        var last = new Dictionary<string, ConfigurationLine>(names);
        foreach (ConfigurationLine line in lines)
        {
            if (dialect == ConfigurationDialect.RecoveryConf && !s_recoveryParameters.Contains(line.Name))
            {
                throw new ServerConfigurationException(
                    line.Location,
                    $"unrecognized recovery parameter \"{line.Name}\": expected one of {string.Join(", ", s_recoveryParameters.Order(StringComparer.Ordinal))}");
            }

            last[line.Name] = line;
        }

        ConfigurationLine conninfo = last.GetValueOrDefault(PrimaryConnInfo) ?? throw new ServerConfigurationException(
            null,
            $"{PrimaryConnInfo} is not set in {string.Join(" or ", files.Select(file => $"\"{file}\""))}: expected a line such as {PrimaryConnInfo} = 'host=primary.example.com port=5432 user=replicator'");
        if (conninfo.Value.Length == 0)
        {
            throw new ServerConfigurationException(conninfo.Location, $"{PrimaryConnInfo} is empty: expected the primary's connection string, such as 'host=primary.example.com port=5432 user=replicator'");
        }

        CheckTargetLsn(last.GetValueOrDefault(TargetLsn));
        return new StandbySettings
        {
            PrimaryConnInfo = conninfo.Value,
            PrimaryConnInfoLocation = conninfo.Location,
            PrimarySlotName = ReadSlotName(last.GetValueOrDefault(PrimarySlotName)),
            TargetTimeline = ReadTargetTimeline(last.GetValueOrDefault(TargetTimeline)),
            StandbyMode = dialect == ConfigurationDialect.RecoveryConf ? ReadBoolean(last.GetValueOrDefault(StandbyMode)) : null,
            ClusterName = dialect == ConfigurationDialect.PostgresqlConf && last.GetValueOrDefault(ClusterName) is { Value.Length: > 0 } cluster ? cluster.Value : null,
            Dialect = dialect,
            Files = files,
        };
    }

    private static string? ReadSlotName(ConfigurationLine? line)
    {
        if (line is null || line.Value.Length == 0)
        {
            return null;
        }

        return ReplicationSlotName.IsValid(line.Value)
            ? line.Value
            : throw Invalid(line, $"1 to {ReplicationSlotName.MaxLength} lower-case letters, digits and underscores");
    }

    private static RecoveryTargetTimeline ReadTargetTimeline(ConfigurationLine? line)
    {
        if (line is null)
        {
            return RecoveryTargetTimeline.Latest;
        }

        return RecoveryTargetTimeline.TryParse(line.Value, out RecoveryTargetTimeline target)
            ? target
            : throw Invalid(line, "'latest', 'current' or a timeline number (1 or more)");
    }

    /// <summary>
    /// The agent does not stop at a recovery target (the server's replay does), but a target the
    /// server would refuse is better reported now than when the server is started.
    /// </summary>
    private static void CheckTargetLsn(ConfigurationLine? line)
    {
        if (line is { Value.Length: > 0 } && !Lsn.TryParse(line.Value, out _))
        {
            throw Invalid(line, "a WAL location such as '0/3000000'");
        }
    }

    private static bool? ReadBoolean(ConfigurationLine? line)
    {
        if (line is null)
        {
            return null;
        }

        return PostgresBoolean.TryParse(line.Value, out bool value) ? value : throw Invalid(line, "on or off");
    }

    /// <summary>Only for values that cannot hold a secret: slot names, timelines, LSNs, booleans.</summary>
    private static ServerConfigurationException Invalid(ConfigurationLine line, string expected) =>
        new(line.Location, $"invalid value \"{line.Value}\" for {line.Name}: expected {expected}");
}
