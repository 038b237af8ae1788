using Microsoft.Win32.SafeHandles;

namespace StandbyAgent.Storage;

/// <summary>
/// The few file-system calls WAL durability rests on, each a direct system call with its errno
/// turned into an exception that names the call and the file. fsync failures are never retried:
/// after a failed fsync Linux may have dropped the dirty pages, so a second one proves nothing.
/// </summary>
public static class DurableFileSystem
{
    /// <summary>
    /// Zeros for pre-filling segments with real writes, one WAL page (8 KiB) per write, as the
    /// server and pg_receivewal write them. The page cache sizes its folios by the writes that
    /// create them: a 1 MiB write leaves large folios, and then every small write of a
    /// synchronous standby and every fdatasync walks all the blocks of the folio it touches
    /// (perf: ext4_block_write_begin, ext4_bio_write_folio and mpage_process_page_bufs were
    /// 12 % of the agent's samples, 1 % of pg_receivewal's; about 13 % more CPU per commit).
    /// </summary>
    private static readonly byte[] s_zeros = new byte[8192];

    public static void SyncFile(SafeFileHandle file, string path)
    {
        if (Interop.Libc.FDataSync(file) != 0)
        {
            throw Failure("fdatasync", path);
        }
    }

    /// <summary>Makes creations, renames and removals in a directory durable.</summary>
    public static void SyncDirectory(string path)
    {
        using SafeFileHandle directory = Interop.Libc.Open(path, Interop.Libc.O_RDONLY | Interop.Libc.O_DIRECTORY | Interop.Libc.O_CLOEXEC);
        if (directory.IsInvalid)
        {
            throw Failure("open", path);
        }

        if (Interop.Libc.FSync(directory) != 0 && System.Runtime.InteropServices.Marshal.GetLastPInvokeError() != Interop.Errors.EINVAL)
        {
            // EINVAL: a file system that cannot fsync directories (PostgreSQL's fsync_fname ignores it too).
            throw Failure("fsync", path);
        }
    }

    /// <summary>rename(2); both names must be in the same directory.</summary>
    public static void Rename(string from, string to)
    {
        if (Interop.Libc.Rename(from, to) != 0)
        {
            throw Failure("rename", $"{from}\" to \"{to}");
        }
    }

    /// <summary>Writes zeros over [offset, offset + count) with real writes, so every block is allocated.</summary>
    public static void WriteZeros(SafeFileHandle file, string path, long offset, long count)
    {
        try
        {
            while (count > 0)
            {
                int chunk = (int)Math.Min(count, s_zeros.Length);
                RandomAccess.Write(file, s_zeros.AsSpan(0, chunk), offset);
                offset += chunk;
                count -= chunk;
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentOutOfRangeException)
        {
            // ArgumentOutOfRangeException is how .NET reports EFBIG (a file-size limit).
            throw new WalStorageException($"could not fill \"{path}\" with zeros: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// Gives the file <paramref name="size"/> bytes of allocated blocks that read as zeros,
    /// without writing them (posix_fallocate: unwritten extents on ext4 and XFS; where a file
    /// system cannot, glibc writes one byte per block). A full disk fails here, not mid-segment.
    /// </summary>
    public static void Allocate(SafeFileHandle file, string path, long size)
    {
        int error;
        while ((error = Interop.Libc.PosixFAllocate(file, 0, size)) == Interop.Errors.EINTR)
        {
        }

        if (error != 0)
        {
            throw Failure(Interop.Errors.Exception("posix_fallocate", path, error));
        }
    }

    internal static WalStorageException Failure(string function, string path) => Failure(Interop.Errors.Exception(function, path));

    private static WalStorageException Failure(IOException error) => new(error.Message, error);
}
