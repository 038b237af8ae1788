using System.Runtime.InteropServices;

namespace StandbyAgent.Run;

/// <summary>
/// Every file in pg_wal must belong to the PostgreSQL server that will read, recycle and remove
/// it, as the files of its own walreceiver do. So, started as root, the agent becomes the data
/// directory's owner (its uid and gid, no supplementary groups, the home directory of its
/// password entry) before it reads any setting, opens a log file or writes WAL. The server
/// refuses to run as root, so that owner is never root in a working setup.
/// </summary>
internal static class DataDirectoryOwner
{
    private const uint Root = 0;

    /// <summary>Becomes the owner of <paramref name="dataDirectory"/> when running as root.</summary>
    /// <returns>The owner, and whether the process switched to it.</returns>
    /// <exception cref="IOException">The directory cannot be examined, or the switch failed.</exception>
    public static (uint Uid, uint Gid, bool Switched) Assume(string dataDirectory)
    {
        if (Interop.Libc.Statx(Interop.Libc.AtCurrentDirectory, dataDirectory, 0, Interop.Libc.StatxUid | Interop.Libc.StatxGid, out Interop.Libc.StatxBuffer status) != 0)
        {
            throw Failure($"cannot examine the data directory \"{dataDirectory}\"");
        }

        if (Interop.Libc.GetEffectiveUserId() != Root || status.Uid == Root)
        {
            return (status.Uid, status.Gid, false);
        }

        SwitchTo(status.Uid, status.Gid);
        return (status.Uid, status.Gid, true);
    }

    /// <summary>Groups first, then the group, then the user: after setuid there is no way back.</summary>
    private static unsafe void SwitchTo(uint uid, uint gid)
    {
        if (Interop.Libc.SetGroups(0, null) != 0 || Interop.Libc.SetGroupId(gid) != 0 || Interop.Libc.SetUserId(uid) != 0)
        {
            throw Failure($"cannot switch to the data directory's owner (uid {uid}, gid {gid})");
        }

        // libpq finds ~/.pgpass and ~/.pg_service.conf under HOME; they must be the owner's, as
        // they are for the server's walreceiver. Without HOME, .NET asks the password database.
        Environment.SetEnvironmentVariable("HOME", null);
    }

    private static IOException Failure(string what)
    {
        int errno = Marshal.GetLastPInvokeError();
        return new IOException($"{what}: {Marshal.GetPInvokeErrorMessage(errno)}");
    }
}
