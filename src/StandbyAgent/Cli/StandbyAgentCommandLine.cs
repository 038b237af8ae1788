using System.CommandLine;
using StandbyAgent.Demo;
using StandbyAgent.Receive;

namespace StandbyAgent.Cli;

/// <summary>The command tree, and the one-line error every bad command line gets.</summary>
internal static class StandbyAgentCommandLine
{
    public const string ProgramName = "standby-agent";

    /// <summary>
    /// Each command owns SIGINT and SIGTERM (StopSignal, or the host's lifetime) and stops only once
    /// its WAL is safe. System.CommandLine's own handler would compete for the same signal and,
    /// when it got there first, end the process with 143 without waiting for the stop.
    /// </summary>
    private static readonly InvocationConfiguration s_invocation = new() { ProcessTerminationTimeout = null };

    public static async Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand("StandbyAgent: streams PostgreSQL WAL from a primary into segment files, over TCP or RDMA.")
        {
            ReceiveCommand.Create(),
            Run.RunCommand.Create(),
            DemoCommand.Create(),
            Relay.RelayCommand.Create(),
        };

        // pg_receivewal's -h is the host; help keeps -? and --help.
        foreach (Option option in root.Options.Where(o => o.Name == "--help"))
        {
            option.Aliases.Remove("-h");
        }

        ParseResult parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            return Usage(parsed.Errors[0].Message);
        }

        return await parsed.InvokeAsync(s_invocation);
    }

    /// <summary>One line saying what is wrong, one pointing at --help; exit code 1.</summary>
    public static int Usage(string problem)
    {
        Console.Error.WriteLine($"{ProgramName}: error: {problem}");
        Console.Error.WriteLine($"{ProgramName}: hint: Try \"{ProgramName} --help\" for more information.");
        return ExitCodes.Failure;
    }

    /// <summary>A failure while running: one line on stderr, exit code 1.</summary>
    public static int Fail(string problem)
    {
        Console.Error.WriteLine($"{ProgramName}: error: {problem}");
        return ExitCodes.Failure;
    }
}
