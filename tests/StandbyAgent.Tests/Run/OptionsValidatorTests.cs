using Microsoft.Extensions.Options;
using StandbyAgent.Run;

namespace StandbyAgent.Tests.Run;

public sealed class OptionsValidatorTests
{
    [Fact]
    public void The_defaults_are_valid()
    {
        Assert.True(new ReceiverOptionsValidator().Validate(null, new ReceiverOptions()).Succeeded);
        Assert.True(new ReconnectOptionsValidator().Validate(null, new ReconnectOptions()).Succeeded);
    }

    [Fact]
    public void Zero_turns_the_status_interval_and_the_timeout_off_as_in_the_server() =>
        Assert.True(new ReceiverOptionsValidator().Validate(null, new ReceiverOptions { StatusInterval = TimeSpan.Zero, Timeout = TimeSpan.Zero }).Succeeded);

    [Fact]
    public void Every_receiver_setting_out_of_range_is_named()
    {
        ValidateOptionsResult result = new ReceiverOptionsValidator().Validate(
            null, new ReceiverOptions { StatusInterval = TimeSpan.FromSeconds(-1), Timeout = TimeSpan.FromDays(25) });

        Assert.Equal(
            [
                "Receiver:StatusInterval is -00:00:01, but must be from 00:00:00 to 24.20:31:23.6470000 (durations are written [d.]hh:mm:ss[.fff]: \"00:00:30\" is 30 seconds, \"30\" is 30 days)",
                "Receiver:Timeout is 25.00:00:00, but must be from 00:00:00 to 24.20:31:23.6470000 (durations are written [d.]hh:mm:ss[.fff]: \"00:00:30\" is 30 seconds, \"30\" is 30 days)",
            ],
            result.Failures);
    }

    [Theory]
    [InlineData("00:00:00", "00:01:00", "Reconnect:FirstDelay")]
    [InlineData("00:00:05", "00:00:04", "Reconnect:MaxDelay")]
    [InlineData("00:00:01", "2.00:00:00", "Reconnect:MaxDelay")]
    public void A_reconnect_delay_out_of_range_is_named(string first, string max, string setting)
    {
        ValidateOptionsResult result = new ReconnectOptionsValidator().Validate(
            null, new ReconnectOptions { FirstDelay = TimeSpan.Parse(first, System.Globalization.CultureInfo.InvariantCulture), MaxDelay = TimeSpan.Parse(max, System.Globalization.CultureInfo.InvariantCulture) });

        Assert.StartsWith(setting + " is ", Assert.Single(result.Failures!), StringComparison.Ordinal);
    }
}
