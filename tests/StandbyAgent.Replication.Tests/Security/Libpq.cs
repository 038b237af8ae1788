using System.Diagnostics;
using StandbyAgent.Testing.Tls;

namespace StandbyAgent.Replication.Tests.Security;

/// <summary>
/// Real libpq (psql, from the PostgreSQL installation the fixture runs) connecting with the same
/// parameters as the agent, so each test compares the two. HOME points at an empty directory, and
/// no PG* variable leaks in, so only what the test passes counts.
/// </summary>
internal static class Libpq
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    /// <summary>Connects, asks the server whether the session is encrypted, and reports the outcome.</summary>
    /// <param name="fixture">Where psql is.</param>
    /// <param name="conninfo">libpq keyword=value pairs; dbname=postgres is added, since psql needs a database to query.</param>
    /// <param name="home">HOME for libpq, an empty directory unless the test puts ~/.postgresql files there.</param>
    public static async Task<ConnectionOutcome> ConnectAsync(TlsPostgresFixture fixture, string conninfo, string home)
    {
        var start = new ProcessStartInfo(Path.Combine(fixture.Cluster.BinDirectory, "psql"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in new[] { "-X", "-A", "-t", "-c", "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()", $"dbname=postgres {conninfo}" })
        {
            start.ArgumentList.Add(argument);
        }

        foreach (string variable in start.Environment.Keys.Where(name => name.StartsWith("PG", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(variable);
        }

        start.Environment["HOME"] = home;
        using Process process = Process.Start(start)!;
        using var deadline = new CancellationTokenSource(s_timeout);
        Task<string> output = process.StandardOutput.ReadToEndAsync(deadline.Token);
        Task<string> error = process.StandardError.ReadToEndAsync(deadline.Token);
        await process.WaitForExitAsync(deadline.Token);
        return process.ExitCode == 0
            ? (await output).Trim() == "t" ? ConnectionOutcome.Ssl : ConnectionOutcome.Plain
            : ConnectionOutcome.Failed((await error).Trim());
    }
}
