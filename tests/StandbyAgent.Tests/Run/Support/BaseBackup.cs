using StandbyAgent.LocalCluster;
using StandbyAgent.Replication.ServerConfiguration;

namespace StandbyAgent.Tests.Run.Support;

/// <summary>A standby's data directory, as the agent serves it: a base backup taken without WAL.</summary>
internal static class BaseBackup
{
    /// <summary>
    /// pg_basebackup -X none of a running cluster into a new cluster's directory, which is not
    /// started: its pg_wal is empty, so everything a server started on it replays must come from
    /// the agent. The caller disposes it.
    /// </summary>
    /// <param name="options">More pg_basebackup options, such as -R.</param>
    public static async Task<LocalPostgresCluster> TakeAsync(LocalPostgresCluster primary, params string[] options)
    {
        var standby = new LocalPostgresCluster(primary.Options with { Port = null, BaseDirectory = null });
        ToolResult backup = await primary.RunToolAsync("pg_basebackup", ["-D", standby.DataDirectory, "-X", "none", "-c", "fast", "--no-sync", .. options]);
        if (!backup.Succeeded)
        {
            await standby.DisposeAsync();
            throw new InvalidOperationException($"pg_basebackup failed: {backup.StandardError}");
        }

        return standby;
    }

    /// <summary>The backup_label of a standby made by <see cref="TakeAsync"/>: where its WAL, and the agent's stream into its empty pg_wal, starts.</summary>
    public static BackupLabel LabelOf(LocalPostgresCluster standby)
    {
        string path = Path.Combine(standby.DataDirectory, BackupLabel.FileName);
        return BackupLabel.Parse(File.ReadAllText(path), path);
    }
}
