using System.Globalization;
using System.Text;

namespace StandbyAgent.Protocol.Replication;

/// <summary>One line of a history file: the timeline that ended, and where.</summary>
public readonly record struct TimelineSwitch(uint Timeline, Lsn SwitchPoint);

/// <summary>
/// The content of <c>NNNNNNNN.history</c>: lines <c>parentTLI&lt;TAB&gt;switchpoint&lt;TAB&gt;reason</c>,
/// '#' comments and blank lines ignored, timelines strictly increasing and all below the file's own
/// (the checks of the server's readTimeLineHistory).
/// </summary>
public sealed class TimelineHistory
{
    private TimelineHistory(uint timeline, IReadOnlyList<TimelineSwitch> switches)
    {
        Timeline = timeline;
        Switches = switches;
    }

    /// <summary>The timeline this history leads to.</summary>
    public uint Timeline { get; }

    /// <summary>The ancestors, oldest first, each with the point where it ended.</summary>
    public IReadOnlyList<TimelineSwitch> Switches { get; }

    public static TimelineHistory Parse(ReadOnlySpan<byte> content, uint timeline)
    {
        var switches = new List<TimelineSwitch>();
        string text = Encoding.UTF8.GetString(content);
        int lineNumber = 0;
        foreach (string rawLine in text.Split('\n'))
        {
            lineNumber++;
            string line = rawLine.TrimEnd('\r');
            string trimmed = line.TrimStart();
            if (trimmed.Length == 0 || trimmed[0] == '#')
            {
                continue;
            }

            string[] fields = trimmed.Split('\t');
            if (fields.Length < 2
                || !uint.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out uint parent)
                || !Lsn.TryParse(fields[1].Trim(), out Lsn switchPoint))
            {
                throw Invalid(timeline, $"syntax error on line {lineNumber}: expected a timeline, a tab and a WAL location");
            }

            if (parent == 0 || (switches.Count > 0 && parent <= switches[^1].Timeline) || parent >= timeline)
            {
                throw Invalid(timeline, $"line {lineNumber}: timeline IDs must be in increasing sequence and below {timeline}");
            }

            if (switches.Count > 0 && switchPoint < switches[^1].SwitchPoint)
            {
                throw Invalid(timeline, $"line {lineNumber}: switch points must not go backwards");
            }

            switches.Add(new TimelineSwitch(parent, switchPoint));
        }

        return new TimelineHistory(timeline, switches);
    }

    /// <summary>
    /// The timeline that held <paramref name="lsn"/> in this history (the server's tliOfPointInHistory).
    /// </summary>
    public uint TimelineOf(Lsn lsn)
    {
        foreach (TimelineSwitch entry in Switches)
        {
            if (lsn < entry.SwitchPoint)
            {
                return entry.Timeline;
            }
        }

        return Timeline;
    }

    private static ProtocolViolationException Invalid(uint timeline, string problem) =>
        new($"invalid timeline history for timeline {timeline}: {problem}");
}
