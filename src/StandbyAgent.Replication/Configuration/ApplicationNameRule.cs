using System.Text;

namespace StandbyAgent.Replication.Configuration;

/// <summary>
/// application_name reaches the primary's synchronous_standby_names matching, pg_stat_replication and
/// log lines. The server truncates it to 63 bytes and turns anything but printable ASCII into '?',
/// so a name that would be altered is refused here rather than silently failing to match.
/// </summary>
internal static class ApplicationNameRule
{
    public const int MaxLength = 63;

    public static void Validate(string keyword, string name)
    {
        if (name.Length <= MaxLength && name.All(IsPrintableAscii))
        {
            return;
        }

        throw new ConnectionSettingsException(
            $"{keyword} \"{Escaped(name)}\" is not accepted: use at most {MaxLength} printable ASCII characters, "
            + "because the server would truncate or alter it");
    }

    private static bool IsPrintableAscii(char c) => c is >= ' ' and <= '~';

    /// <summary>Control characters are shown as \uXXXX so the message cannot break a log line.</summary>
    private static string Escaped(string name)
    {
        var shown = new StringBuilder(name.Length);
        foreach (char c in name)
        {
            if (char.IsControl(c))
            {
                shown.Append($"\\u{(int)c:X4}");
            }
            else
            {
                shown.Append(c);
            }
        }

        return shown.ToString();
    }
}
