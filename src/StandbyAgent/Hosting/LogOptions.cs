using Microsoft.Extensions.Logging;

namespace StandbyAgent.Hosting;

/// <summary>The <c>Log</c> section. Unset values take <see cref="LogOptionsDefaults"/>.</summary>
internal sealed class LogOptions
{
    public const string SectionName = "Log";

    public LogFormat? Format { get; set; }

    /// <summary>The least severe level written: Trace, Debug, Information, Warning, Error or Critical.</summary>
    public LogLevel? Level { get; set; }

    /// <summary>A file to write to as well as the console (stderr), in the same format; appended to.</summary>
    public string? File { get; set; }
}
