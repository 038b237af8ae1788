using System.Buffers.Binary;

namespace StandbyAgent.Storage.Tests.Support;

/// <summary>
/// The parts of a PostgreSQL data directory the pg_wal mode looks at: pg_wal itself and
/// global/pg_control, whose first field (8 bytes, little-endian) is the system identifier.
/// </summary>
public static class DataDirectory
{
    /// <summary>pg_control is one 8 kB block on disk (PG_CONTROL_FILE_SIZE).</summary>
    public const int ControlFileSize = 8192;

    /// <summary>Creates pg_wal and global/pg_control under <paramref name="root"/>; returns pg_wal's path.</summary>
    public static string Create(string root, ulong systemIdentifier)
    {
        Directory.CreateDirectory(Path.Combine(root, "global"));
        WriteControlFile(root, ControlFile(systemIdentifier));
        return Directory.CreateDirectory(Path.Combine(root, "pg_wal")).FullName;
    }

    public static void WriteControlFile(string root, byte[] content) => File.WriteAllBytes(Path.Combine(root, "global", "pg_control"), content);

    /// <summary>A control file with the system identifier first and the rest filled with a pattern (not zeros).</summary>
    public static byte[] ControlFile(ulong systemIdentifier)
    {
        byte[] control = new byte[ControlFileSize];
        control.AsSpan().Fill(0x3C);
        BinaryPrimitives.WriteUInt64LittleEndian(control, systemIdentifier);
        return control;
    }
}
