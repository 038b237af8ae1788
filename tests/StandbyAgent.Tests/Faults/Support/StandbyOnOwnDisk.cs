using StandbyAgent.LocalCluster;
using StandbyAgent.Protocol;
using StandbyAgent.Testing.Faults;
using StandbyAgent.Tests.Run.Support;
using StandbyAgent.Tests.Support;

namespace StandbyAgent.Tests.Faults.Support;

/// <summary>
/// A standby's data directory for <c>standby-agent run</c> (a base backup without WAL, -R) whose
/// pg_wal is a link into an ext4 file system of its own, as initdb -X and pg_basebackup --waldir
/// lay it out: the disk can then fill up, fail or lose its power under the agent.
/// </summary>
internal sealed class StandbyOnOwnDisk : IAsyncDisposable
{
    private StandbyOnOwnDisk(LocalPostgresCluster standby, MountedFileSystem disk)
    {
        Standby = standby;
        Disk = disk;
    }

    public LocalPostgresCluster Standby { get; }

    public MountedFileSystem Disk { get; }

    public string DataDirectory => Standby.DataDirectory;

    /// <summary>The standby's pg_wal, through the link.</summary>
    public string PgWal => Path.Combine(DataDirectory, "pg_wal");

    /// <summary>Where the base backup's WAL starts: where the agent starts streaming into the empty pg_wal.</summary>
    public Lsn Start => BaseBackup.LabelOf(Standby).StartLocation;

    /// <param name="primary">The server to back up.</param>
    /// <param name="diskMegabytes">The size of pg_wal's file system.</param>
    /// <param name="settings">Appended to postgresql.auto.conf, after what pg_basebackup -R wrote.</param>
    public static async Task<StandbyOnOwnDisk> CreateAsync(LocalPostgresCluster primary, int diskMegabytes, params (string Name, string Value)[] settings)
    {
        LocalPostgresCluster standby = await BaseBackup.TakeAsync(primary, "-R");
        MountedFileSystem? disk = null;
        try
        {
            disk = MountedFileSystem.LoopExt4(diskMegabytes);
            string pgWal = Path.Combine(standby.DataDirectory, "pg_wal");
            string target = disk.CreateDirectoryOwnedLike("pg_wal", standby.DataDirectory);
            Directory.Delete(pgWal, recursive: true);
            File.CreateSymbolicLink(pgWal, target);
            if (settings.Length > 0)
            {
                ConfigText.Append(Path.Combine(standby.DataDirectory, "postgresql.auto.conf"), settings);
            }

            return new StandbyOnOwnDisk(standby, disk);
        }
        catch
        {
            disk?.Dispose();
            await standby.DisposeAsync();
            throw;
        }
    }

    public AgentProcess StartAgent(params string[] more) => RunAgent.Start(DataDirectory, more);

    /// <summary>The data directory (the link with it) goes first: the disk can only be unmounted once nothing uses it.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await Standby.DisposeAsync();
        }
        finally
        {
            Disk.Dispose();
        }
    }
}
