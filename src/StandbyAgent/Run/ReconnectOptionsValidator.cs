using Microsoft.Extensions.Options;
using StandbyAgent.Hosting;

namespace StandbyAgent.Run;

internal sealed class ReconnectOptionsValidator : IValidateOptions<ReconnectOptions>
{
    /// <summary>Polly's own limit for a retry delay.</summary>
    private static readonly TimeSpan s_maximum = TimeSpan.FromDays(1);

    /// <summary>A zero delay would make a permanent error a busy loop.</summary>
    private static readonly TimeSpan s_minimum = TimeSpan.FromMilliseconds(10);

    public ValidateOptionsResult Validate(string? name, ReconnectOptions options)
    {
        List<string> failures = [];
        TimeSpan first = options.GetFirstDelay();
        DurationSetting.Check(failures, ReconnectOptions.SectionName, nameof(ReconnectOptions.FirstDelay), first, s_minimum, s_maximum);
        DurationSetting.Check(failures, ReconnectOptions.SectionName, nameof(ReconnectOptions.MaxDelay), options.GetMaxDelay(), first, s_maximum);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
