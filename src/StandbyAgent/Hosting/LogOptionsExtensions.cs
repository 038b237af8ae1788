using Microsoft.Extensions.Logging;

namespace StandbyAgent.Hosting;

internal static class LogOptionsExtensions
{
    public static LogFormat GetFormat(this LogOptions options) => options.Format ?? LogOptionsDefaults.Format;

    public static LogLevel GetLevel(this LogOptions options) => options.Level ?? LogOptionsDefaults.Level;
}
