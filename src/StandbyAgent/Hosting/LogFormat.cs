namespace StandbyAgent.Hosting;

public enum LogFormat
{
    /// <summary>One readable line per event.</summary>
    Text,

    /// <summary>One JSON object per line (Serilog's JsonFormatter, message rendered), for log collectors.</summary>
    Json,
}
