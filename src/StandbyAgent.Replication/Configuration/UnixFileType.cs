using System.Runtime.InteropServices;

namespace StandbyAgent.Replication.Configuration;

/// <summary>
/// Tells a regular file from a FIFO or device, which .NET cannot: FileInfo shows them all as files.
/// Linux answers through statx(2); elsewhere only directories are told apart.
/// </summary>
internal static partial class UnixFileType
{
    private const int CurrentDirectory = -100; // AT_FDCWD
    private const uint TypeMask = 0x1; // STATX_TYPE
    private const int ModeOffset = 28; // struct statx: stx_mask, stx_blksize, stx_attributes, stx_nlink, stx_uid, stx_gid, then stx_mode
    private const int StatxSize = 256;
    private const int FileTypeBits = 0xF000; // S_IFMT
    private const int RegularFileType = 0x8000; // S_IFREG

    /// <summary>The kind of file, symbolic links followed as stat(2) follows them.</summary>
    public static FileKind Of(string path)
    {
        if (OperatingSystem.IsLinux())
        {
            try
            {
                return OfLinux(path);
            }
            catch (EntryPointNotFoundException)
            {
                // A C library older than statx (glibc 2.28, musl 1.2.5): fall through.
            }
        }

        return File.Exists(path) ? FileKind.RegularFile : Directory.Exists(path) ? FileKind.Other : FileKind.Missing;
    }

    private static FileKind OfLinux(string path)
    {
        Span<byte> buffer = stackalloc byte[StatxSize];
        if (Statx(CurrentDirectory, path, 0, TypeMask, ref MemoryMarshal.GetReference(buffer)) != 0)
        {
            return FileKind.Missing;
        }

        return (MemoryMarshal.Read<ushort>(buffer[ModeOffset..]) & FileTypeBits) == RegularFileType ? FileKind.RegularFile : FileKind.Other;
    }

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Statx(int directory, string path, int flags, uint mask, ref byte buffer);
}
