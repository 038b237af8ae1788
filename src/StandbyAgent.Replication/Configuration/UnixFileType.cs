using System.Runtime.InteropServices;

namespace StandbyAgent.Replication.Configuration;

/// <summary>
/// Tells a regular file from a FIFO or device, which .NET cannot (FileInfo shows them all as
/// files), and who owns it, which .NET does not say. Linux answers through statx(2); elsewhere only
/// directories are told apart and the owner is unknown.
/// </summary>
internal static partial class UnixFileType
{
    private const int CurrentDirectory = -100; // AT_FDCWD
    private const uint TypeModeAndOwnerMask = 0x1 | 0x2 | 0x8; // STATX_TYPE | STATX_MODE | STATX_UID
    private const int OwnerOffset = 20; // struct statx: stx_mask, stx_blksize, stx_attributes, stx_nlink, then stx_uid
    private const int ModeOffset = 28; // then stx_gid, then stx_mode
    private const int StatxSize = 256;
    private const int FileTypeBits = 0xF000; // S_IFMT
    private const int PermissionBits = 0x1FF;
    private const int RegularFileType = 0x8000; // S_IFREG

    /// <summary>The kind of file, symbolic links followed as stat(2) follows them.</summary>
    public static FileKind Of(string path) => Stat(path).Kind;

    /// <summary>What stat(2) says, symbolic links followed.</summary>
    public static UnixFileStatus Stat(string path)
    {
        if (OperatingSystem.IsLinux())
        {
            try
            {
                return StatLinux(path);
            }
            catch (EntryPointNotFoundException)
            {
                // A C library older than statx (glibc 2.28, musl 1.2.5): fall through.
            }
        }

        FileKind kind = File.Exists(path) ? FileKind.RegularFile : Directory.Exists(path) ? FileKind.Other : FileKind.Missing;
        return new UnixFileStatus(kind, kind == FileKind.RegularFile ? File.GetUnixFileMode(path) : 0, OwnerId: null);
    }

    private static UnixFileStatus StatLinux(string path)
    {
        Span<byte> buffer = stackalloc byte[StatxSize];
        if (Statx(CurrentDirectory, path, 0, TypeModeAndOwnerMask, ref MemoryMarshal.GetReference(buffer)) != 0)
        {
            return new UnixFileStatus(FileKind.Missing, 0, OwnerId: null);
        }

        int mode = MemoryMarshal.Read<ushort>(buffer[ModeOffset..]);
        FileKind kind = (mode & FileTypeBits) == RegularFileType ? FileKind.RegularFile : FileKind.Other;
        return new UnixFileStatus(kind, (UnixFileMode)(mode & PermissionBits), MemoryMarshal.Read<uint>(buffer[OwnerOffset..]));
    }

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Statx(int directory, string path, int flags, uint mask, ref byte buffer);
}
