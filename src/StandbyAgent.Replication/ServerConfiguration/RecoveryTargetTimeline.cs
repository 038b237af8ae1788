using System.Globalization;

namespace StandbyAgent.Replication.ServerConfiguration;

/// <summary>
/// recovery_target_timeline: how far the standby follows timeline switches. 'latest' follows
/// every one (PostgreSQL 12's default, and the agent's: following a promoted standby is its job);
/// 'current' stays on the timeline streaming starts on; a number follows switches up to that timeline.
/// </summary>
public readonly record struct RecoveryTargetTimeline
{
    private const string LatestKeyword = "latest";
    private const string CurrentKeyword = "current";

    private RecoveryTargetTimeline(uint? timeline, bool current)
    {
        Timeline = timeline;
        IsCurrent = current;
    }

    public static RecoveryTargetTimeline Latest => default;

    public static RecoveryTargetTimeline Current => new(null, current: true);

    /// <summary>The number given, or null for 'latest' and 'current'.</summary>
    public uint? Timeline { get; }

    public bool IsCurrent { get; }

    public static RecoveryTargetTimeline Numbered(uint timeline) =>
        timeline > 0 ? new(timeline, current: false) : throw new ArgumentOutOfRangeException(nameof(timeline), "timelines start at 1");

    /// <summary>The keywords are case-sensitive, as in the server; a number is decimal.</summary>
    public static bool TryParse(string text, out RecoveryTargetTimeline target)
    {
        target = text switch
        {
            LatestKeyword => Latest,
            CurrentKeyword => Current,
            _ when uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out uint timeline) && timeline > 0 => Numbered(timeline),
            _ => default,
        };
        return text is LatestKeyword or CurrentKeyword || target.Timeline is not null;
    }

    /// <summary>The last timeline to follow when streaming starts on <paramref name="startTimeline"/>; null for no limit.</summary>
    public uint? LastTimeline(uint startTimeline) => IsCurrent ? startTimeline : Timeline;

    public override string ToString() =>
        IsCurrent ? CurrentKeyword : Timeline?.ToString(CultureInfo.InvariantCulture) ?? LatestKeyword;
}
