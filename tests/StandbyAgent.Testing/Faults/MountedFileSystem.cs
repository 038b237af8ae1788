using System.Diagnostics;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace StandbyAgent.Testing.Faults;

/// <summary>
/// A real, small file system mounted for one test, to make the disk fail for real: a tmpfs with
/// a size limit runs out of space, and a loop-mounted ext4 image can be shut down
/// (EXT4_IOC_SHUTDOWN, as xfstests' "godown" does) so every later write, fsync and rename fails
/// with EIO, or have its power cut (<see cref="CutPower"/>): whatever was not fsynced is gone.
/// Mounting needs root; without it the test fails and says so. Dispose unmounts, lazily if a file
/// is still open, and removes the mount point and the image.
/// </summary>
public sealed partial class MountedFileSystem : IDisposable
{
    /// <summary>_IOR('X', 125, __u32): EXT4_IOC_SHUTDOWN, the same number as XFS_IOC_GOINGDOWN.</summary>
    private const uint Ext4IocShutdown = 0x8004587D;

    /// <summary>EXT4_GOING_FLAGS_NOLOGFLUSH: stop at once, without flushing the journal (like a lost disk).</summary>
    private const uint GoingDownNoLogFlush = 2;

    private const int ORdOnly = 0;
    private const int ODirectory = 0x10000;
    private const int OCloexec = 0x80000;

    private readonly string _scratch;
    private readonly string[] _mountArguments;
    private bool _mounted;

    private MountedFileSystem(string scratch, string mountPoint, string[] mountArguments)
    {
        _scratch = scratch;
        MountPoint = mountPoint;
        _mountArguments = mountArguments;
    }

    public string MountPoint { get; }

    /// <summary>False when a file was still open at dispose and a lazy unmount was needed.</summary>
    public bool UnmountedCleanly { get; private set; } = true;

    /// <summary>A tmpfs of <paramref name="size"/> bytes: writes past it fail with ENOSPC (fsync is a no-op there).</summary>
    public static MountedFileSystem Tmpfs(long size)
    {
        string scratch = CreateScratchDirectory();
        string mountPoint = Directory.CreateDirectory(Path.Combine(scratch, "mnt")).FullName;
        return MountNew(scratch, mountPoint, ["-t", "tmpfs", "-o", $"size={size},mode=0700", "tmpfs", mountPoint]);
    }

    /// <summary>
    /// An ext4 file system in a sparse image of <paramref name="megabytes"/> MB on a loop device:
    /// fsync is real. No blocks are reserved for root, so "full" means full for every user.
    /// </summary>
    public static MountedFileSystem LoopExt4(int megabytes)
    {
        string scratch = CreateScratchDirectory();
        string mountPoint = Directory.CreateDirectory(Path.Combine(scratch, "mnt")).FullName;
        string image = Path.Combine(scratch, "fs.img");
        try
        {
            using (var file = new FileStream(image, FileMode.CreateNew, FileAccess.Write))
            {
                file.SetLength(megabytes * 1024L * 1024L);
            }

            Run("mkfs.ext4", "-q", "-F", "-m", "0", image);
        }
        catch
        {
            Directory.Delete(scratch, recursive: true);
            throw;
        }

        return MountNew(scratch, mountPoint, ["-o", "loop", image, mountPoint]);
    }

    /// <summary>A directory in the file system, created empty (with its parents) and durably: a power cut keeps it.</summary>
    public string CreateDirectory(string name)
    {
        string path = Directory.CreateDirectory(Path.Combine(MountPoint, name)).FullName;
        Sync();
        return path;
    }

    /// <summary>
    /// A directory in the file system that belongs to the owner of <paramref name="likeThis"/>,
    /// private to it (0700): where a process that gives up root, as the agent's run mode does,
    /// can write.
    /// </summary>
    public string CreateDirectoryOwnedLike(string name, string likeThis)
    {
        string path = CreateDirectory(name);
        Run("chown", "--reference", likeThis, path);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Sync();
        return path;
    }

    /// <summary>syncfs: everything written to the file system so far is durable.</summary>
    public void Sync() => Run("sync", "--file-system", MountPoint);

    /// <summary>Fills the file system with a file of zeros until a write fails with ENOSPC.</summary>
    public void FillUp(string fileName = "filler")
    {
        byte[] chunk = new byte[64 * 1024];
        using var filler = new FileStream(Path.Combine(MountPoint, fileName), FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0);
        int size = chunk.Length;
        while (size > 0)
        {
            try
            {
                filler.Write(chunk, 0, size);
            }
            catch (IOException)
            {
                // Down to single pages, then done: nothing more fits.
                size = size > 4096 ? size / 2 : 0;
            }
        }

        // On disk, not only in the page cache: the space stays taken whatever happens to the cache.
        filler.Flush(flushToDisk: true);
    }

    /// <summary>Shuts the ext4 file system down: from now on writes, fsyncs and renames in it fail with EIO.</summary>
    public void ShutDown()
    {
        using SafeFileHandle root = Open(MountPoint, ORdOnly | ODirectory | OCloexec);
        if (root.IsInvalid)
        {
            throw new IOException($"open(\"{MountPoint}\") failed: errno {Marshal.GetLastPInvokeError()}");
        }

        uint flags = GoingDownNoLogFlush;
        if (IoctlUInt32(root, Ext4IocShutdown, ref flags) != 0)
        {
            throw new IOException($"ioctl(EXT4_IOC_SHUTDOWN) on \"{MountPoint}\" failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    /// <summary>
    /// A power cut, as far as this file system can tell: it is shut down without flushing its
    /// journal, so data and metadata that no fsync made durable never reach the image; then it is
    /// unmounted (the unwritten pages are dropped) and mounted again from the image, replaying the
    /// journal. What is there afterwards is what a crash of the machine would have left. No file
    /// in it may be open.
    /// </summary>
    public void CutPower()
    {
        ShutDown();
        Remount();
    }

    /// <summary>
    /// Unmounts the file system and mounts it again from its image: after <see cref="ShutDown"/>,
    /// what the machine finds when it comes back. No file in it may be open.
    /// </summary>
    public void Remount()
    {
        Run("umount", MountPoint);
        _mounted = false;
        Mount(_mountArguments);
    }

    public void Dispose()
    {
        if (_mounted)
        {
            if (TryRun("umount", MountPoint) != 0)
            {
                UnmountedCleanly = false;
                Run("umount", "-l", MountPoint);
            }

            _mounted = false;
        }

        Directory.Delete(_scratch, recursive: true);
    }

    /// <summary>
    /// Where the mount point and the image live: others may pass through it (not list it), so
    /// that a process that gave up root reaches a directory of its own on the file system.
    /// </summary>
    private static string CreateScratchDirectory()
    {
        DirectoryInfo scratch = Directory.CreateTempSubdirectory("standby-agent-fs-");
        scratch.UnixFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        return scratch.FullName;
    }

    private static MountedFileSystem MountNew(string scratch, string mountPoint, string[] mountArguments)
    {
        var mounted = new MountedFileSystem(scratch, mountPoint, mountArguments);
        try
        {
            mounted.Mount(mountArguments);
            return mounted;
        }
        catch
        {
            mounted.Dispose();
            throw;
        }
    }

    private void Mount(string[] arguments)
    {
        (int exitCode, string error) = RunCapturing("mount", arguments);
        if (exitCode != 0)
        {
            throw new InvalidOperationException(
                $"this test mounts a small file system to make storage fail for real, and needs root (CAP_SYS_ADMIN) for that; mount {string.Join(' ', arguments)} failed ({exitCode}): {error.Trim()}");
        }

        _mounted = true;
    }

    private static void Run(string program, params string[] arguments)
    {
        (int exitCode, string error) = RunCapturing(program, arguments);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed ({exitCode}): {error.Trim()}");
        }
    }

    private static int TryRun(string program, params string[] arguments) => RunCapturing(program, arguments).ExitCode;

    private static (int ExitCode, string Error) RunCapturing(string program, string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        Task<string> error = process.StandardError.ReadToEndAsync();
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill();
            throw new TimeoutException($"{program} {string.Join(' ', arguments)} did not finish within a minute");
        }

        return (process.ExitCode, error.Result + output.Result);
    }

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial SafeFileHandle Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    private static partial int IoctlUInt32(SafeFileHandle fd, nuint request, ref uint argument);
}
