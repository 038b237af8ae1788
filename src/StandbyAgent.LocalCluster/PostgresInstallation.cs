namespace StandbyAgent.LocalCluster;

/// <summary>The directory holding a PostgreSQL installation's binaries.</summary>
public sealed class PostgresInstallation
{
    /// <summary>Overrides the search: a directory containing initdb, postgres, pg_ctl and the client tools.</summary>
    public const string BinDirectoryVariable = "STANDBY_AGENT_PG_BIN";

    /// <summary>Where Debian's postgresql-N packages put each major version: /usr/lib/postgresql/N/bin.</summary>
    private const string DebianVersionsDirectory = "/usr/lib/postgresql";

    private PostgresInstallation(string binDirectory)
    {
        BinDirectory = binDirectory;
    }

    public string BinDirectory { get; }

    /// <summary><see cref="BinDirectoryVariable"/> when set, else the newest Debian installation with initdb.</summary>
    public static PostgresInstallation Locate()
    {
        string? configured = Environment.GetEnvironmentVariable(BinDirectoryVariable);
        if (!string.IsNullOrEmpty(configured))
        {
            return HasInitdb(configured)
                ? new PostgresInstallation(Path.GetFullPath(configured))
                : throw new LocalClusterException($"{BinDirectoryVariable} is \"{configured}\", which has no initdb.");
        }

        string? newest = FindNewestDebianBinDirectory();
        return newest is not null
            ? new PostgresInstallation(newest)
            : throw new LocalClusterException(
                $"No PostgreSQL server found: there is no {DebianVersionsDirectory}/<version>/bin with initdb. "
                + "Install the Debian package postgresql-15 (deploy/install-prerequisites.sh does), "
                + $"or set {BinDirectoryVariable} to a directory that has initdb.");
    }

    public string ToolPath(string tool) => Path.Combine(BinDirectory, tool);

    /// <summary>
    /// Runs one of the binaries as the current OS user, with no cluster in its environment: for
    /// tools that read this process's own files, such as pg_waldump over a directory it wrote.
    /// </summary>
    public Task<ToolResult> RunAsync(string tool, IReadOnlyList<string> arguments, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        ProcessRunner.RunAsync(new Command(ToolPath(tool), arguments), timeout, cancellationToken);

    private static string? FindNewestDebianBinDirectory()
    {
        if (!Directory.Exists(DebianVersionsDirectory))
        {
            return null;
        }

        return Directory.EnumerateDirectories(DebianVersionsDirectory)
            .Select(versionDirectory => (Major: int.TryParse(Path.GetFileName(versionDirectory), out int major) ? major : 0, Bin: Path.Combine(versionDirectory, "bin")))
            .Where(candidate => candidate.Major > 0 && HasInitdb(candidate.Bin))
            .OrderByDescending(candidate => candidate.Major)
            .Select(candidate => candidate.Bin)
            .FirstOrDefault();
    }

    private static bool HasInitdb(string binDirectory) => File.Exists(Path.Combine(binDirectory, "initdb"));
}
