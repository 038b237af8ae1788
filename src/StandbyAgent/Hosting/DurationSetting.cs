using System.Globalization;

namespace StandbyAgent.Hosting;

/// <summary>The one message every duration setting gets when it is out of range, with how durations are written.</summary>
internal static class DurationSetting
{
    public static void Check(List<string> failures, string section, string key, TimeSpan value, TimeSpan minimum, TimeSpan maximum)
    {
        if (value < minimum || value > maximum)
        {
            failures.Add(string.Create(
                CultureInfo.InvariantCulture,
                $"{section}:{key} is {value:c}, but must be from {minimum:c} to {maximum:c} (durations are written [d.]hh:mm:ss[.fff]: \"00:00:30\" is 30 seconds, \"30\" is 30 days)"));
        }
    }
}
