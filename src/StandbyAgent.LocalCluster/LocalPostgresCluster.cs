using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace StandbyAgent.LocalCluster;

/// <summary>
/// A throwaway PostgreSQL cluster listening on 127.0.0.1, for the demo and the tests. It lives in
/// one directory (data directory, server log, socket) that disposing it deletes, after an
/// immediate stop if the server is still running.
/// </summary>
public sealed class LocalPostgresCluster : IAsyncDisposable
{
    /// <summary>
    /// Included from postgresql.conf and rewritten at every start, so a standby made from a
    /// base backup of a primary replaces the primary's port and socket directory with its own.
    /// </summary>
    private const string SettingsFileName = "local-cluster.conf";

    private const string Database = "postgres";

    /// <summary>Lets pg_ctl report its own timeout (<c>-t</c>) before the process is killed for exceeding ours.</summary>
    private static readonly TimeSpan s_processGrace = TimeSpan.FromSeconds(10);

    private readonly PostgresInstallation _installation;
    private readonly ServerAccount _account;
    private readonly ILogger _logger;
    private readonly Dictionary<string, string> _clientEnvironment;

    public LocalPostgresCluster(LocalClusterOptions? options = null, ILogger? logger = null)
    {
        Options = options ?? new LocalClusterOptions();
        Options.Validate();
        _installation = PostgresInstallation.Locate();
        _account = ServerAccount.ForCurrentProcess();
        _logger = logger ?? NullLogger.Instance;
        Port = Options.Port ?? LoopbackPort.PickFree();
        BaseDirectory = Path.GetFullPath(
            Options.BaseDirectory ?? Path.Combine(Path.GetTempPath(), "standby-pg-" + Guid.NewGuid().ToString("N")[..12]));
        _clientEnvironment = new Dictionary<string, string>
        {
            ["PGHOST"] = Host,
            ["PGPORT"] = Port.ToString(CultureInfo.InvariantCulture),
            ["PGUSER"] = SuperUser,
            ["PGDATABASE"] = Database,
        };
    }

    /// <summary>The options the cluster runs with; <see cref="RestartWithTlsAsync"/> changes its TLS.</summary>
    public LocalClusterOptions Options { get; private set; }

    public string Host => "127.0.0.1";

    public int Port { get; }

    public string SuperUser => Options.SuperUser;

    public string BaseDirectory { get; }

    public string DataDirectory => Path.Combine(BaseDirectory, "data");

    public string WalDirectory => Path.Combine(DataDirectory, "pg_wal");

    public string LogFile => Path.Combine(BaseDirectory, "postgres.log");

    public string BinDirectory => _installation.BinDirectory;

    /// <summary>Whether a server holds the data directory (its postmaster.pid exists), whoever started it.</summary>
    public bool IsRunning => File.Exists(Path.Combine(DataDirectory, "postmaster.pid"));

    /// <summary>A libpq connection string for <paramref name="user"/> over TCP to the postgres database.</summary>
    public string ConnInfo(string user, string? password = null) =>
        LibpqConnInfo.Format(
            ("host", Host),
            ("port", Port.ToString(CultureInfo.InvariantCulture)),
            ("user", user),
            ("password", password),
            ("dbname", Database));

    /// <summary>Runs initdb and creates the users when there is no data directory yet, then starts the server and waits until it accepts connections.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        long startedAt = Stopwatch.GetTimestamp();
        bool initialize = !File.Exists(Path.Combine(DataDirectory, "PG_VERSION"));
        if (initialize)
        {
            await InitializeAsync(cancellationToken);
        }

        await WriteDataFileAsync(SettingsFileName, ServerSettings.Render(Options, Port, BaseDirectory), append: false, cancellationToken);
        await WriteDataFileAsync("pg_hba.conf", HostBasedAuthentication.Render(Options), append: false, cancellationToken);
        if (Options.Tls is { } tls)
        {
            await WriteTlsFilesAsync(tls, cancellationToken);
        }

        LocalClusterLog.Starting(_logger, Port, DataDirectory);
        await RunRequiredAsync(PgCtl("start", "-l", LogFile), cancellationToken);
        if (initialize && Options.Users.Count > 0)
        {
            Command createUsers = Tool("psql", ["-X", "-q", "-v", "ON_ERROR_STOP=1"]) with { StandardInput = RoleScript.Render(Options.Users) };
            await RunRequiredAsync(createUsers, cancellationToken);
        }

        LocalClusterLog.Started(_logger, Port, Stopwatch.GetElapsedTime(startedAt).TotalMilliseconds);
    }

    public async Task StopAsync(ShutdownMode mode = ShutdownMode.Fast, CancellationToken cancellationToken = default)
    {
        LocalClusterLog.Stopping(_logger, Port, mode);
        await RunRequiredAsync(PgCtl("stop", "-m", ModeArgument(mode)), cancellationToken);
    }

    public async Task RestartAsync(ShutdownMode mode = ShutdownMode.Fast, CancellationToken cancellationToken = default)
    {
        await StopAsync(mode, cancellationToken);
        await StartAsync(cancellationToken);
    }

    /// <summary>Stops the server, replaces its TLS files (or turns TLS off when null), and starts it again.</summary>
    public async Task RestartWithTlsAsync(ServerTls? tls, ShutdownMode mode = ShutdownMode.Fast, CancellationToken cancellationToken = default)
    {
        await StopAsync(mode, cancellationToken);
        Options = Options with { Tls = tls };
        await StartAsync(cancellationToken);
    }

    /// <summary>Ends recovery on a standby and waits until it accepts writes.</summary>
    public async Task PromoteAsync(CancellationToken cancellationToken = default)
    {
        LocalClusterLog.Promoting(_logger, Port);
        await RunRequiredAsync(PgCtl("promote"), cancellationToken);
    }

    /// <summary>
    /// Runs one of the installation's binaries (psql, pgbench, pg_basebackup, ...) as the server's
    /// OS user, with PGHOST, PGPORT, PGUSER (the superuser) and PGDATABASE set for this cluster.
    /// The exit code is returned, not checked; exceeding <paramref name="timeout"/> (default:
    /// <see cref="LocalClusterOptions.OperationTimeout"/>) kills the process and throws.
    /// </summary>
    public Task<ToolResult> RunToolAsync(string tool, IReadOnlyList<string> arguments, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        RunAsync(Tool(tool, arguments), timeout ?? Options.OperationTimeout, cancellationToken);

    /// <summary>
    /// Takes a base backup of this running cluster into a new cluster, on its own port and
    /// directory, set up to stream from this one. The standby is not started; start it, and
    /// promote it if a test needs it to become a primary. The caller disposes it.
    /// </summary>
    public async Task<LocalPostgresCluster> CreateStandbyAsync(CancellationToken cancellationToken = default)
    {
        var standby = new LocalPostgresCluster(Options with { Port = null, BaseDirectory = null }, _logger);
        try
        {
            await _account.CreatePrivateDirectoryAsync(standby.BaseDirectory, Options.OperationTimeout, cancellationToken);
            LocalClusterLog.TakingBaseBackup(_logger, Port, standby.DataDirectory);

            // -R writes standby.signal and a primary_conninfo for this cluster; -X stream brings
            // the WAL the backup needs to be consistent. Like initdb's output, the copy of a
            // throwaway cluster need not survive an OS crash, so it is not fsynced.
            await RunRequiredAsync(
                Tool("pg_basebackup", ["-D", standby.DataDirectory, "-R", "-X", "stream", "-c", "fast", "--no-sync"]),
                cancellationToken);
        }
        catch
        {
            await standby.DisposeAsync();
            throw;
        }

        return standby;
    }

    public async ValueTask DisposeAsync()
    {
        if (IsRunning)
        {
            try
            {
                await StopAsync(ShutdownMode.Immediate);
            }
            catch (LocalClusterException e)
            {
                LocalClusterLog.StopFailed(_logger, e, Port);
            }
        }

        if (Directory.Exists(BaseDirectory))
        {
            LocalClusterLog.Deleting(_logger, BaseDirectory);
            Directory.Delete(BaseDirectory, recursive: true);
        }
    }

    private async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await _account.CreatePrivateDirectoryAsync(BaseDirectory, Options.OperationTimeout, cancellationToken);
        LocalClusterLog.Initializing(_logger, DataDirectory, Options.WalSegmentSizeMb);
        await RunRequiredAsync(
            Tool("initdb", [
                "-D", DataDirectory,
                "-U", SuperUser,
                "--auth=trust",
                "--no-locale",
                "--encoding=UTF8",
                "--wal-segsize=" + Options.WalSegmentSizeMb.ToString(CultureInfo.InvariantCulture),

                // A throwaway cluster need not survive an OS crash; the server itself runs with fsync on.
                "--no-sync",
                "--no-instructions",
            ]),
            cancellationToken);
        await WriteDataFileAsync("postgresql.conf", $"include '{SettingsFileName}'\n", append: true, cancellationToken);
    }

    /// <summary>Written by the server's account, like the rest of the data directory, so the server can read it whatever the umask.</summary>
    private Task WriteDataFileAsync(string name, string contents, bool append, CancellationToken cancellationToken)
    {
        string path = Path.Combine(DataDirectory, name);
        return RunRequiredAsync(
            new Command("tee", append ? ["-a", path] : [path]) { WorkingDirectory = BaseDirectory, StandardInput = contents },
            cancellationToken);
    }

    /// <summary>The server refuses a key that group or others can read, so the key is created with umask 077.</summary>
    private async Task WriteTlsFilesAsync(ServerTls tls, CancellationToken cancellationToken)
    {
        await WriteDataFileAsync(ServerTls.CertificateFileName, tls.CertificatePem, append: false, cancellationToken);
        string keyPath = Path.Combine(DataDirectory, ServerTls.KeyFileName);
        await RunRequiredAsync(
            new Command("sh", ["-c", "umask 077 && cat > \"$1\"", "sh", keyPath]) { WorkingDirectory = BaseDirectory, StandardInput = tls.PrivateKeyPem },
            cancellationToken);
        if (tls.ClientCaPem is not null)
        {
            await WriteDataFileAsync(ServerTls.ClientCaFileName, tls.ClientCaPem, append: false, cancellationToken);
        }
    }

    private Command Tool(string tool, IReadOnlyList<string> arguments) =>
        new(_installation.ToolPath(tool), arguments) { Environment = _clientEnvironment, WorkingDirectory = BaseDirectory };

    private Command PgCtl(string action, params string[] arguments) =>
        Tool("pg_ctl", [
            action,
            "-D", DataDirectory,
            "-w",
            "-t", ((int)Options.OperationTimeout.TotalSeconds).ToString(CultureInfo.InvariantCulture),
            .. arguments,
        ]);

    private static string ModeArgument(ShutdownMode mode) => mode switch
    {
        ShutdownMode.Smart => "smart",
        ShutdownMode.Fast => "fast",
        ShutdownMode.Immediate => "immediate",
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, null),
    };

    private async Task RunRequiredAsync(Command command, CancellationToken cancellationToken)
    {
        ToolResult result = await RunAsync(command, Options.OperationTimeout + s_processGrace, cancellationToken);
        if (!result.Succeeded)
        {
            string output = (result.StandardError + result.StandardOutput).Trim();
            throw new LocalClusterException(
                $"{Path.GetFileName(command.FileName)} failed with exit code {result.ExitCode}:\n{output}{ServerLogTail()}");
        }
    }

    private async Task<ToolResult> RunAsync(Command command, TimeSpan timeout, CancellationToken cancellationToken)
    {
        LocalClusterLog.Running(_logger, command.ToString());
        long startedAt = Stopwatch.GetTimestamp();
        ToolResult result;
        try
        {
            result = await ProcessRunner.RunAsync(_account.Wrap(command), timeout, cancellationToken);
        }
        catch (LocalClusterException e)
        {
            throw new LocalClusterException(e.Message + ServerLogTail(), e);
        }

        LocalClusterLog.Ran(_logger, command.ToString(), result.ExitCode, Stopwatch.GetElapsedTime(startedAt).TotalMilliseconds);
        return result;
    }

    private string ServerLogTail() => $"\n--- end of the server log {LogFile} ---\n{LogTail.Read(LogFile)}";
}
