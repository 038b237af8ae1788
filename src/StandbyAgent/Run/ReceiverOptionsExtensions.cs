namespace StandbyAgent.Run;

internal static class ReceiverOptionsExtensions
{
    public static TimeSpan GetStatusInterval(this ReceiverOptions options) => options.StatusInterval ?? ReceiverOptionsDefaults.StatusInterval;

    public static TimeSpan GetTimeout(this ReceiverOptions options) => options.Timeout ?? ReceiverOptionsDefaults.Timeout;

    public static bool GetCreateSlot(this ReceiverOptions options) => options.CreateSlot ?? ReceiverOptionsDefaults.CreateSlot;

    public static bool GetRdmaFallbackToTcp(this ReceiverOptions options) => options.RdmaFallbackToTcp ?? ReceiverOptionsDefaults.RdmaFallbackToTcp;

    public static bool GetFsync(this ReceiverOptions options) => options.Fsync ?? ReceiverOptionsDefaults.Fsync;
}
