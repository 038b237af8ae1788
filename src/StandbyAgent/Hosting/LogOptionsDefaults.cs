using Microsoft.Extensions.Logging;

namespace StandbyAgent.Hosting;

internal static class LogOptionsDefaults
{
    public const LogFormat Format = LogFormat.Text;

    public const LogLevel Level = LogLevel.Information;
}
