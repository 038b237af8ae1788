using System.Globalization;
using System.Text.RegularExpressions;
using StandbyAgent.Protocol;

namespace StandbyAgent.Replication.ServerConfiguration;

/// <summary>
/// The backup_label a base backup leaves in the data directory: where its WAL starts. A standby
/// made from a backup taken without WAL (pg_basebackup -X none) needs every byte from there, so
/// that is where streaming into its empty pg_wal must begin. Pure: the text is given.
/// </summary>
public sealed partial record BackupLabel(Lsn StartLocation, uint StartTimeline)
{
    public const string FileName = "backup_label";

    /// <exception cref="ServerConfigurationException">The file has no START WAL LOCATION line the server could read.</exception>
    public static BackupLabel Parse(string text, string path)
    {
        string[] lines = text.Split('\n');
        int index = Array.FindIndex(lines, line => StartWalLocationPattern().IsMatch(line));
        if (index < 0)
        {
            throw new ServerConfigurationException(null, $"\"{path}\" has no line \"START WAL LOCATION: X/X (file NAME)\": it is not a backup_label the server could use");
        }

        Match start = StartWalLocationPattern().Match(lines[index]);
        if (!Lsn.TryParse(start.Groups["lsn"].Value, out Lsn location))
        {
            throw new ServerConfigurationException(new SourceLocation(path, index + 1), "expected a WAL location in START WAL LOCATION");
        }

        // START TIMELINE exists from PostgreSQL 11; before, the segment's name carries it.
        Match timeline = lines.Select(line => StartTimelinePattern().Match(line)).FirstOrDefault(match => match.Success) ?? Match.Empty;
        string timelineText = timeline.Success ? timeline.Groups["timeline"].Value : start.Groups["file"].Value[..8];
        NumberStyles style = timeline.Success ? NumberStyles.None : NumberStyles.AllowHexSpecifier;
        if (!uint.TryParse(timelineText, style, CultureInfo.InvariantCulture, out uint startTimeline) || startTimeline == 0)
        {
            throw new ServerConfigurationException(null, $"\"{path}\" names no valid start timeline");
        }

        return new BackupLabel(location, startTimeline);
    }

    [GeneratedRegex(@"^START WAL LOCATION: (?<lsn>[0-9A-Fa-f]+/[0-9A-Fa-f]+) \(file (?<file>[0-9A-F]{24})\)\r?$")]
    private static partial Regex StartWalLocationPattern();

    [GeneratedRegex(@"^START TIMELINE: (?<timeline>[0-9]+)\r?$")]
    private static partial Regex StartTimelinePattern();
}
