using System.CommandLine;
using StandbyAgent.Cli;
using StandbyAgent.Protocol;

namespace StandbyAgent.Receive;

/// <summary>
/// <c>standby-agent receive</c>: a drop-in for pg_receivewal, with its option names and rules.
/// </summary>
internal static class ReceiveCommand
{
    private static readonly Option<string> s_directory = new("--directory", "-D") { Description = "receive write-ahead log files into this directory" };
    private static readonly Option<string> s_dbname = new("--dbname", "-d") { Description = "connection string" };
    private static readonly Option<string> s_host = new("--host", "-h") { Description = "database server host or socket directory" };
    private static readonly Option<string> s_port = new("--port", "-p") { Description = "database server port number" };
    private static readonly Option<string> s_username = new("--username", "-U") { Description = "connect as specified database user" };
    private static readonly Option<bool> s_noPassword = new("--no-password", "-w") { Description = "never prompt for password (this program never prompts)" };
    private static readonly Option<string> s_slot = new("--slot", "-S") { Description = "replication slot to use" };
    private static readonly Option<bool> s_createSlot = new("--create-slot") { Description = "create a new physical replication slot (reserving WAL) and exit" };
    private static readonly Option<bool> s_dropSlot = new("--drop-slot") { Description = "drop the replication slot and exit" };
    private static readonly Option<bool> s_ifNotExists = new("--if-not-exists") { Description = "do not error if the slot already exists when creating a slot" };
    private static readonly Option<string> s_endpos = new("--endpos", "-E") { Description = "exit after receiving the specified LSN" };
    private static readonly Option<bool> s_noLoop = new("--no-loop", "-n") { Description = "do not loop on connection lost" };
    private static readonly Option<string> s_statusInterval = new("--status-interval", "-s") { Description = "time between status packets sent to server (default: 10)" };
    private static readonly Option<string> s_receiverTimeout = new("--receiver-timeout") { Description = "give up on a silent server after this many seconds, pinging it at half (default: 60, 0 disables)" };
    private static readonly Option<bool> s_synchronous = new("--synchronous") { Description = "flush write-ahead log immediately after writing" };
    private static readonly Option<bool> s_noSync = new("--no-sync") { Description = "do not wait for changes to be written safely to disk" };
    private static readonly Option<bool> s_rdmaFallbackToTcp = new("--rdma-fallback-to-tcp") { Description = "with with_rsocket, stay on TCP (with a warning) when this host cannot use RDMA, instead of failing" };
    private static readonly Option<bool> s_reportAllocations = new("--report-allocations") { Description = "print the bytes allocated per XLogData message in steady state at exit (diagnostics)" };
    private static readonly Option<string> s_metricsListen = new("--metrics-listen") { Description = "serve Prometheus metrics, /healthz and /readyz on ADDR:PORT, e.g. 127.0.0.1:9188 (default: off)" };
    private static readonly Option<bool> s_verbose = VerboseOption.Create();

    public static Command Create()
    {
        var command = new Command("receive", "Receive PostgreSQL write-ahead logs into a directory, as pg_receivewal does.")
        {
            s_directory, s_dbname, s_host, s_port, s_username, s_noPassword, s_slot, s_createSlot, s_dropSlot, s_ifNotExists,
            s_endpos, s_noLoop, s_statusInterval, s_receiverTimeout, s_synchronous, s_noSync, s_rdmaFallbackToTcp, s_reportAllocations, s_metricsListen, s_verbose,
        };
        command.SetAction((parsed, _) =>
        {
            string? problem = TryRead(parsed, out ReceiveOptions? options);
            return problem is null ? ReceiveRunner.RunAsync(options!) : Task.FromResult(StandbyAgentCommandLine.Usage(problem));
        });
        return command;
    }

    /// <summary>Checks the combination of options the way pg_receivewal does; returns the problem, if any.</summary>
    private static string? TryRead(ParseResult parsed, out ReceiveOptions? options)
    {
        options = null;
        string? directory = parsed.GetValue(s_directory);
        string? slot = parsed.GetValue(s_slot);
        bool createSlot = parsed.GetValue(s_createSlot);
        bool dropSlot = parsed.GetValue(s_dropSlot);
        if (createSlot && dropSlot)
        {
            return "cannot use --create-slot together with --drop-slot";
        }

        if ((createSlot || dropSlot) && slot is null)
        {
            return $"{(createSlot ? "--create-slot" : "--drop-slot")} needs a slot to be specified using --slot";
        }

        if (directory is null && !createSlot && !dropSlot)
        {
            return "no target directory specified";
        }

        if (parsed.GetValue(s_synchronous) && parsed.GetValue(s_noSync))
        {
            return "cannot use --synchronous together with --no-sync";
        }

        if (slot is not null && !Protocol.Replication.ReplicationSlotName.IsValid(slot))
        {
            return $"invalid replication slot name \"{slot}\": use 1 to 63 lower-case letters, digits and underscores";
        }

        Lsn? endPosition = null;
        if (parsed.GetValue(s_endpos) is { } endText)
        {
            if (!Lsn.TryParse(endText, out Lsn end))
            {
                return $"could not parse end position \"{endText}\"";
            }

            endPosition = end;
        }

        if (!TryReadSeconds(parsed.GetValue(s_statusInterval), 10, out TimeSpan statusInterval))
        {
            return $"invalid status interval \"{parsed.GetValue(s_statusInterval)}\": give a whole number of seconds, 0 or more";
        }

        if (!TryReadSeconds(parsed.GetValue(s_receiverTimeout), 60, out TimeSpan receiverTimeout))
        {
            return $"invalid receiver timeout \"{parsed.GetValue(s_receiverTimeout)}\": give a whole number of seconds, 0 or more";
        }

        string? metricsListen = parsed.GetValue(s_metricsListen);
        if (!string.IsNullOrEmpty(metricsListen) && !Metrics.ListenAddress.TryParse(metricsListen, out _))
        {
            return $"invalid metrics listen address \"{metricsListen}\": give an IP address and a port, e.g. 127.0.0.1:9188 or [::1]:9188";
        }

        var overrides = new Dictionary<string, string?>
        {
            ["host"] = parsed.GetValue(s_host),
            ["port"] = parsed.GetValue(s_port),
            ["user"] = parsed.GetValue(s_username),
        };
        options = new ReceiveOptions
        {
            Directory = directory,
            ConnectionString = parsed.GetValue(s_dbname),
            Overrides = overrides.Where(o => o.Value is not null).ToDictionary(),
            Slot = slot,
            CreateSlot = createSlot,
            DropSlot = dropSlot,
            IfNotExists = parsed.GetValue(s_ifNotExists),
            EndPosition = endPosition,
            NoLoop = parsed.GetValue(s_noLoop),
            StatusInterval = statusInterval,
            ReceiverTimeout = receiverTimeout,
            Synchronous = parsed.GetValue(s_synchronous),
            NoSync = parsed.GetValue(s_noSync),
            RdmaFallbackToTcp = parsed.GetValue(s_rdmaFallbackToTcp),
            ReportAllocations = parsed.GetValue(s_reportAllocations),
            MetricsListen = string.IsNullOrEmpty(metricsListen) ? null : metricsListen,
            Verbosity = VerboseOption.Count(parsed),
        };
        return null;
    }

    private static bool TryReadSeconds(string? text, int defaultSeconds, out TimeSpan value)
    {
        value = TimeSpan.FromSeconds(defaultSeconds);
        if (text is null)
        {
            return true;
        }

        // pg_receivewal's limit: INT_MAX / 1000 seconds.
        if (!int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int seconds) || seconds > int.MaxValue / 1000)
        {
            return false;
        }

        value = TimeSpan.FromSeconds(seconds);
        return true;
    }
}
