using System.Globalization;
using StandbyAgent.LocalCluster;
using StandbyAgent.Protocol;

namespace StandbyAgent.Testing;

/// <summary>Decodes WAL with pg_waldump, the reference reader, to check that received WAL parses.</summary>
public static class PgWalDump
{
    private static readonly TimeSpan s_defaultTimeout = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Decodes the records from <paramref name="start"/> to <paramref name="end"/> of
    /// <paramref name="timeline"/> in the segment files of <paramref name="directory"/>. Runs as
    /// this process's user, not the server's: the directory is usually one this process wrote,
    /// with modes the server's user may not get past.
    /// </summary>
    /// <param name="end">
    /// Null to read on to the end of the valid WAL, where pg_waldump always stops with an error
    /// ("invalid record length", exit code 1) that the caller must expect.
    /// </param>
    public static Task<ToolResult> RunAsync(
        string directory, Lsn start, Lsn? end, uint timeline = 1, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        PostgresInstallation.Locate().RunAsync(
            "pg_waldump",
            [
                "--path", directory, "--timeline", timeline.ToString(CultureInfo.InvariantCulture), "--start", start.ToString(),
                .. end is { } last ? ["--end", last.ToString()] : Array.Empty<string>(),
            ],
            timeout ?? s_defaultTimeout,
            cancellationToken);
}
