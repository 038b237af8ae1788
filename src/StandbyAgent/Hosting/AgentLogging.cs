using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;
using Serilog.Formatting.Display;
using Serilog.Formatting.Json;

namespace StandbyAgent.Hosting;

/// <summary>
/// Serilog as the logging provider of the daemon: stderr always, a file on request, text or JSON
/// lines. Built before the host, because the host's own start-up failures must be logged too.
/// </summary>
internal static class AgentLogging
{
    private const string TextTemplate = "{Timestamp:yyyy-MM-dd HH:mm:ss.fff zzz} [{Level:u3}] {Message:lj}{NewLine}{Exception}";

    /// <summary>The framework's own information messages (Kestrel, the host) are noise in a daemon's log.</summary>
    private const string FrameworkNamespace = "Microsoft";

    /// <summary>
    /// The host logs its failures with their stack traces, and then throws them; the run logs
    /// them once, as one clear line.
    /// </summary>
    private const string HostNamespace = "Microsoft.Extensions.Hosting";

    /// <exception cref="InvalidOperationException">The Log section cannot be bound (a bad level or format, an unknown key).</exception>
    /// <exception cref="OptionsValidationException">The level is out of range, or the log file cannot be written.</exception>
    public static Logger Create(IConfiguration configuration)
    {
        LogOptions options = configuration.GetSection(LogOptions.SectionName).Get<LogOptions>(binder => binder.ErrorOnUnknownConfiguration = true) ?? new LogOptions();
        if (options.GetLevel() is < LogLevel.Trace or > LogLevel.Critical)
        {
            throw Invalid($"{LogOptions.SectionName}:{nameof(LogOptions.Level)} must be Trace, Debug, Information, Warning, Error or Critical");
        }

        ITextFormatter formatter = options.GetFormat() == LogFormat.Json
            ? new JsonFormatter(renderMessage: true)
            : new MessageTemplateTextFormatter(TextTemplate);
        LoggerConfiguration logger = new LoggerConfiguration()
            .MinimumLevel.Is(ToSerilog(options.GetLevel()))
            .MinimumLevel.Override(FrameworkNamespace, LogEventLevel.Warning)
            .MinimumLevel.Override(HostNamespace, LogEventLevel.Fatal)
            .WriteTo.Console(formatter, standardErrorFromLevel: LogEventLevel.Verbose);
        if (options.File is { } file)
        {
            CheckWritable(file);
            logger = logger.WriteTo.File(formatter, file);
        }

        return logger.CreateLogger();
    }

    /// <summary>The file sink would only complain to Serilog's self-log, which nobody reads.</summary>
    private static void CheckWritable(string path)
    {
        try
        {
            using var probe = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Invalid($"{LogOptions.SectionName}:{nameof(LogOptions.File)} \"{path}\" cannot be written: {ex.Message}");
        }
    }

    private static OptionsValidationException Invalid(string failure) => new(LogOptions.SectionName, typeof(LogOptions), [failure]);

    private static LogEventLevel ToSerilog(LogLevel level) => level switch
    {
        LogLevel.Trace => LogEventLevel.Verbose,
        LogLevel.Debug => LogEventLevel.Debug,
        LogLevel.Information => LogEventLevel.Information,
        LogLevel.Warning => LogEventLevel.Warning,
        LogLevel.Error => LogEventLevel.Error,
        _ => LogEventLevel.Fatal,
    };
}
