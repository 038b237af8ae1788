using System.Diagnostics;
using System.Runtime.CompilerServices;
using StandbyAgent.Tests.Support;

namespace StandbyAgent.Tests.Rdma;

/// <summary>
/// One run of tests/rdma/run-harness.sh for the whole class: a qemu guest with soft-RoCE that
/// runs every RDMA scenario with this build's standby-agent and leaves its evidence in
/// <see cref="Evidence"/>. If the harness cannot run (no qemu, no kernel package), the tests
/// fail with its message: the test command installs what it needs, so a missing piece is a
/// broken setup, not a reason to skip.
/// </summary>
public sealed class SoftRoceHarness : IAsyncLifetime
{
    /// <summary>The guest itself gives up well before this (run-harness.sh --timeout).</summary>
    private static readonly TimeSpan s_limit = TimeSpan.FromMinutes(17);

    private readonly TempDirectory _output = new();

    public string Evidence => _output.Path;

    public int ExitCode { get; private set; }

    public string Output { get; private set; } = string.Empty;

    public TimeSpan Duration { get; private set; }

    public async Task InitializeAsync()
    {
        var start = new ProcessStartInfo(Path.Combine(RepositoryRoot(), "tests", "rdma", "run-harness.sh"))
        {
            ArgumentList = { "--agent-dir", AppContext.BaseDirectory, "--output", Evidence, "--timeout", "900" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        long started = Stopwatch.GetTimestamp();
        using Process harness = Process.Start(start)!;
        Task<string> stdout = harness.StandardOutput.ReadToEndAsync();
        Task<string> stderr = harness.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(s_limit);
        try
        {
            await harness.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            harness.Kill(entireProcessTree: true);
            throw new TimeoutException($"the soft-RoCE harness did not finish within {s_limit.TotalMinutes} minutes");
        }

        Duration = Stopwatch.GetElapsedTime(started);
        ExitCode = harness.ExitCode;
        Output = await stdout + await stderr;
    }

    public string Read(string file) => File.ReadAllText(Path.Combine(Evidence, file));

    /// <summary>Exit codes the guest recorded, by process name (agent-a, agent-b, ...).</summary>
    public IReadOnlyDictionary<string, int> ExitCodes() =>
        File.ReadLines(Path.Combine(Evidence, "exit-codes.txt"))
            .Select(line => line.Split('='))
            .ToDictionary(pair => pair[0], pair => int.Parse(pair[1], System.Globalization.CultureInfo.InvariantCulture));

    public Task DisposeAsync()
    {
        _output.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>The build output may live anywhere (--artifacts-path); the sources are where this file was compiled from.</summary>
    private static string RepositoryRoot([CallerFilePath] string thisFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "..", ".."));
}
