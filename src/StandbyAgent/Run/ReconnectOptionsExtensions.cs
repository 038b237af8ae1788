namespace StandbyAgent.Run;

internal static class ReconnectOptionsExtensions
{
    public static TimeSpan GetFirstDelay(this ReconnectOptions options) => options.FirstDelay ?? ReconnectOptionsDefaults.FirstDelay;

    public static TimeSpan GetMaxDelay(this ReconnectOptions options) => options.MaxDelay ?? ReconnectOptionsDefaults.MaxDelay;
}
