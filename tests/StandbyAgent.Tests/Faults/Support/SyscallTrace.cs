using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using StandbyAgent.Testing.Faults;

namespace StandbyAgent.Tests.Faults.Support;

/// <summary>
/// strace attached to a running process and all its threads, recording the system calls WAL
/// durability rests on as the kernel answered them; on request it also makes one of them fail
/// (strace's -e inject, a fault the disk cannot be made to produce on its own). Disposing detaches
/// it, leaving the process running.
/// </summary>
internal sealed class SyscallTrace : IAsyncDisposable
{
    private const string TracedCalls = "openat,close,pwritev,fdatasync,fsync,rename";
    private static readonly TimeSpan s_attachTimeout = TimeSpan.FromSeconds(30);

    private readonly Process _strace;
    private readonly string _outputFile;

    private SyscallTrace(Process strace, string outputFile)
    {
        _strace = strace;
        _outputFile = outputFile;
    }

    /// <param name="processId">The process to trace.</param>
    /// <param name="inject">An strace fault injection such as <c>fdatasync:error=EIO:when=20</c> (the 20th call of each thread fails); null for none.</param>
    public static async Task<SyscallTrace> AttachAsync(int processId, string? inject = null)
    {
        string outputFile = Path.Combine(Path.GetTempPath(), $"standby-agent-strace-{Guid.NewGuid():N}.txt");
        var start = new ProcessStartInfo("strace") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string argument in (string[])["-f", "-qq", "-s", "0", "-e", "signal=none", "-e", $"trace={TracedCalls}", "-o", outputFile, "-p", processId.ToString(CultureInfo.InvariantCulture)])
        {
            start.ArgumentList.Add(argument);
        }

        if (inject is not null)
        {
            start.ArgumentList.Add("-e");
            start.ArgumentList.Add($"inject={inject}");
        }

        Process strace;
        try
        {
            strace = Process.Start(start)!;
        }
        catch (Win32Exception ex)
        {
            throw new InvalidOperationException("this test watches the agent's system calls with strace, which is not installed (apt-get install strace)", ex);
        }

        var trace = new SyscallTrace(strace, outputFile);
        try
        {
            await trace.WaitUntilAttachedAsync(processId);
            return trace;
        }
        catch
        {
            await trace.DisposeAsync();
            throw;
        }
    }

    /// <summary>Waits for strace to end, which it does when the traced process has exited, and reads what it recorded.</summary>
    public async Task<SyscallLog> ReadAfterExitAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        await _strace.WaitForExitAsync(deadline.Token);
        return SyscallLog.Parse(await File.ReadAllLinesAsync(_outputFile));
    }

    public async ValueTask DisposeAsync()
    {
        if (!_strace.HasExited)
        {
            // SIGTERM: strace detaches from every thread and lets the process go on.
            Signals.TrySend(_strace.Id, Signals.SIGTERM);
            await _strace.WaitForExitAsync();
        }

        _strace.Dispose();
        File.Delete(_outputFile);
    }

    /// <summary>Until the kernel says the process has a tracer; calls made before that are not seen.</summary>
    private async Task WaitUntilAttachedAsync(int processId)
    {
        long started = Stopwatch.GetTimestamp();
        while (!File.ReadLines($"/proc/{processId}/status").Any(line => line.StartsWith("TracerPid:", StringComparison.Ordinal) && line.Split(':')[1].Trim() != "0"))
        {
            if (_strace.HasExited)
            {
                throw new InvalidOperationException($"strace could not attach to process {processId}: {await _strace.StandardError.ReadToEndAsync()}");
            }

            if (Stopwatch.GetElapsedTime(started) > s_attachTimeout)
            {
                throw new TimeoutException($"strace did not attach to process {processId} within {s_attachTimeout.TotalSeconds} s");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(10));
        }
    }
}
