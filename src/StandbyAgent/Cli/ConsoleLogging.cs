using Microsoft.Extensions.Logging;
using Serilog;
using Serilog.Events;
using Serilog.Extensions.Logging;

namespace StandbyAgent.Cli;

/// <summary>
/// Logging for the one-shot commands: Serilog to stderr, quiet by default (warnings and errors),
/// more with each -v, the way pg_receivewal's --verbose works.
/// </summary>
internal static class ConsoleLogging
{
    public static ILoggerFactory Create(int verbosity)
    {
        LogEventLevel level = verbosity switch
        {
            0 => LogEventLevel.Warning,
            1 => LogEventLevel.Information,
            _ => LogEventLevel.Debug,
        };
        Serilog.Core.Logger logger = new LoggerConfiguration()
            .MinimumLevel.Is(level)
            .WriteTo.Console(
                outputTemplate: StandbyAgentCommandLine.ProgramName + ": {Level:w}: {Message:lj}{NewLine}",
                standardErrorFromLevel: LogEventLevel.Verbose)
            .CreateLogger();
        return new SerilogLoggerFactory(logger, dispose: true);
    }
}
