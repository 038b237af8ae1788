using System.Collections.ObjectModel;
using System.ComponentModel;
using System.Diagnostics;

namespace StandbyAgent.LocalCluster;

/// <summary>Runs a process to completion with a time limit, capturing what it prints.</summary>
internal static class ProcessRunner
{
    public static async Task<ToolResult> RunAsync(Command command, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo(command.FileName, command.Arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = command.StandardInput is not null,
            WorkingDirectory = command.WorkingDirectory ?? string.Empty,
        };
        foreach ((string name, string value) in command.Environment ?? ReadOnlyDictionary<string, string>.Empty)
        {
            startInfo.Environment[name] = value;
        }

        using Process process = Start(startInfo);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            Task<string> output = process.StandardOutput.ReadToEndAsync(deadline.Token);
            Task<string> error = process.StandardError.ReadToEndAsync(deadline.Token);
            if (command.StandardInput is not null)
            {
                await WriteInputAsync(process, command.StandardInput, deadline.Token);
            }

            await process.WaitForExitAsync(deadline.Token);
            return new ToolResult(process.ExitCode, await output, await error);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            cancellationToken.ThrowIfCancellationRequested();
            throw new LocalClusterException($"{command} did not finish within {timeout.TotalSeconds:0} s and was killed.");
        }
    }

    private static async Task WriteInputAsync(Process process, string input, CancellationToken cancellationToken)
    {
        try
        {
            await process.StandardInput.WriteAsync(input.AsMemory(), cancellationToken);
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The process exited without reading it all; its exit code and output say why.
        }
    }

    private static Process Start(ProcessStartInfo startInfo)
    {
        try
        {
            // Null only when the shell hands the request to a running process; there is no shell here.
            return Process.Start(startInfo)!;
        }
        catch (Win32Exception e)
        {
            throw new LocalClusterException($"Could not start {startInfo.FileName}: {e.Message}", e);
        }
    }
}
