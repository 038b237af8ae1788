using System.CommandLine;
using StandbyAgent.Cli;

namespace StandbyAgent.Run;

/// <summary>
/// <c>standby-agent run</c>: the daemon. Where the standby is comes from PostgreSQL's own
/// conventions (-D, PGDATA, its configuration files); how the agent behaves comes from
/// --Section:Key=value arguments, STANDBY_AGENT_* variables and settings files.
/// </summary>
internal static class RunCommand
{
    private const string DataDirectoryVariable = "PGDATA";
    private const string SettingPrefix = "--";

    private static readonly Option<string> s_pgdata = new("--pgdata", "-D") { Description = "the standby's data directory; WAL goes into its pg_wal (default: $PGDATA)" };
    private static readonly Option<string> s_config = new("--config") { Description = "read primary_conninfo, primary_slot_name and recovery_target_timeline from this recovery.conf instead of the data directory's configuration" };
    private static readonly Option<string> s_settings = new("--settings") { Description = "the agent's own settings, a JSON file like appsettings.json" };

    public static Command Create()
    {
        var command = new Command(
            "run",
            "Run as a standby's WAL receiver: stream from primary_conninfo into the data directory's pg_wal, reconnecting after any failure, until SIGTERM. "
            + "The agent's own settings are given as --Section:Key=value (e.g. --Receiver:Timeout=00:00:30), STANDBY_AGENT_Section__Key variables or a settings file.")
        {
            s_pgdata, s_config, s_settings,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((parsed, _) =>
        {
            string? problem = TryRead(parsed, out RunArguments? arguments);
            return problem is null ? RunHost.RunAsync(arguments!) : Task.FromResult(StandbyAgentCommandLine.Usage(problem));
        });
        return command;
    }

    private static string? TryRead(ParseResult parsed, out RunArguments? arguments)
    {
        arguments = null;
        string? dataDirectory = parsed.GetValue(s_pgdata) ?? Environment.GetEnvironmentVariable(DataDirectoryVariable);
        if (string.IsNullOrEmpty(dataDirectory))
        {
            return $"no data directory specified: give --pgdata DIR or set {DataDirectoryVariable}";
        }

        string[] settings = [.. parsed.UnmatchedTokens];
        for (int i = 0; i < settings.Length; i++)
        {
            string key = settings[i].Split('=', 2)[0];
            if (!key.StartsWith(SettingPrefix, StringComparison.Ordinal) || !key.Contains(':', StringComparison.Ordinal))
            {
                return $"unrecognized argument \"{settings[i]}\": settings are given as --Section:Key=value";
            }

            // "--Section:Key value": the value is the next argument.
            if (key.Length == settings[i].Length && ++i == settings.Length)
            {
                return $"no value given for {key}";
            }
        }

        arguments = new RunArguments(dataDirectory, parsed.GetValue(s_config), parsed.GetValue(s_settings), settings);
        return null;
    }
}
