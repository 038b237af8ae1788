using Microsoft.Extensions.Options;
using StandbyAgent.Hosting;

namespace StandbyAgent.Run;

/// <summary>The server's own limits: both settings are whole milliseconds in an int.</summary>
internal sealed class ReceiverOptionsValidator : IValidateOptions<ReceiverOptions>
{
    private static readonly TimeSpan s_maximum = TimeSpan.FromMilliseconds(int.MaxValue);

    public ValidateOptionsResult Validate(string? name, ReceiverOptions options)
    {
        List<string> failures = [];
        DurationSetting.Check(failures, ReceiverOptions.SectionName, nameof(ReceiverOptions.StatusInterval), options.GetStatusInterval(), TimeSpan.Zero, s_maximum);
        DurationSetting.Check(failures, ReceiverOptions.SectionName, nameof(ReceiverOptions.Timeout), options.GetTimeout(), TimeSpan.Zero, s_maximum);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
