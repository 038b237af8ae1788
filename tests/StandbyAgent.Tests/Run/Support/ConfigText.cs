namespace StandbyAgent.Tests.Run.Support;

/// <summary>Values written into recovery.conf and postgresql.auto.conf, quoted the way pg_basebackup -R quotes them.</summary>
internal static class ConfigText
{
    private const UnixFileMode Readable = UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    public static string Quote(string value) =>
        "'" + value.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("'", "''", StringComparison.Ordinal) + "'";

    /// <summary>
    /// Appends settings to a configuration file: the last assignment wins, as after pg_basebackup -R.
    /// The file is made readable by the agent, which reads it as the server's account: whatever
    /// umask this process has (WalDirectory sets 077 for the whole process), a file made here is root's.
    /// </summary>
    public static void Append(string file, params (string Name, string Value)[] settings)
    {
        File.AppendAllLines(file, settings.Select(setting => $"{setting.Name} = {Quote(setting.Value)}"));
        File.SetUnixFileMode(file, File.GetUnixFileMode(file) | Readable);
    }
}
