using Microsoft.Win32.SafeHandles;

namespace StandbyAgent.Storage.Tests;

public sealed class DurableFileSystemTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Rename_moves_the_file_and_replaces_an_existing_target()
    {
        string from = _temp.PathOf("a.partial");
        string to = _temp.PathOf("a");
        File.WriteAllText(from, "new");
        File.WriteAllText(to, "old");

        DurableFileSystem.Rename(from, to);

        Assert.Equal(["a"], _temp.Names());
        Assert.Equal("new", File.ReadAllText(to));
    }

    [Fact]
    public void Rename_of_a_missing_file_names_the_call_and_both_paths()
    {
        string from = _temp.PathOf("missing.partial");
        string to = _temp.PathOf("missing");

        WalStorageException error = Assert.Throws<WalStorageException>(() => DurableFileSystem.Rename(from, to));

        Assert.StartsWith($"rename(\"{from}\" to \"{to}\") failed", error.Message, StringComparison.Ordinal);
        Assert.Contains("(errno 2)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rename_across_file_systems_fails_instead_of_copying()
    {
        // /dev/shm is a tmpfs of its own on Linux: File.Move would copy and delete, rename(2) must refuse (EXDEV).
        string from = _temp.PathOf("cross");
        File.WriteAllText(from, "x");
        string to = Path.Combine("/dev/shm", "standby-agent-storage-tests-" + Guid.NewGuid().ToString("N"));
        Assert.True(Directory.Exists("/dev/shm") && FileStat.Device("/dev/shm") != FileStat.Device(_temp.Path), "this test needs /dev/shm on another file system than the temp directory");

        try
        {
            WalStorageException error = Assert.Throws<WalStorageException>(() => DurableFileSystem.Rename(from, to));

            Assert.Contains("(errno 18)", error.Message, StringComparison.Ordinal);
            Assert.True(File.Exists(from));
            Assert.False(File.Exists(to));
        }
        finally
        {
            File.Delete(to);
        }
    }

    [Fact]
    public void SyncDirectory_of_a_missing_directory_names_the_call_and_the_path()
    {
        string missing = _temp.Missing();

        WalStorageException error = Assert.Throws<WalStorageException>(() => DurableFileSystem.SyncDirectory(missing));

        Assert.StartsWith($"open(\"{missing}\") failed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SyncDirectory_of_a_regular_file_fails()
    {
        string file = _temp.PathOf("file");
        File.WriteAllText(file, "x");

        Assert.Throws<WalStorageException>(() => DurableFileSystem.SyncDirectory(file));
    }

    [Fact]
    public void SyncDirectory_and_SyncFile_succeed_on_an_ordinary_directory_and_file()
    {
        string path = _temp.PathOf("file");
        using SafeFileHandle file = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite);
        RandomAccess.Write(file, "data"u8, 0);

        DurableFileSystem.SyncFile(file, path);
        DurableFileSystem.SyncDirectory(_temp.Path);
    }

    [Theory]
    [InlineData(0L, 100L)]
    [InlineData(3L, 1024L * 1024L)]
    [InlineData(100L, (3L * 1024L * 1024L) + 17L)]
    [InlineData(50L, 0L)]
    public void WriteZeros_zeroes_exactly_the_range_it_is_given(long offset, long count)
    {
        string path = _temp.PathOf("zeros");
        long length = Math.Max(offset + count + 100, 4096);
        byte[] ones = new byte[length];
        ones.AsSpan().Fill(0xFF);
        File.WriteAllBytes(path, ones);
        using (SafeFileHandle file = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite))
        {
            DurableFileSystem.WriteZeros(file, path, offset, count);
        }

        byte[] content = File.ReadAllBytes(path);
        Assert.Equal(length, content.Length);
        Assert.True(content.AsSpan(0, (int)offset).IndexOfAnyExcept((byte)0xFF) < 0, "a byte before the range changed");
        TestWal.AssertAllZero(content.AsSpan((int)offset, (int)count), "zeroed range");
        Assert.True(content.AsSpan((int)(offset + count)).IndexOfAnyExcept((byte)0xFF) < 0, "a byte after the range changed");
    }
    [Fact]
    public void Allocate_gives_the_file_its_size_in_allocated_blocks_that_read_as_zeros()
    {
        const int size = 4 * 1024 * 1024;
        string path = _temp.PathOf("allocated");
        using (SafeFileHandle file = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite))
        {
            DurableFileSystem.Allocate(file, path, size);
        }

        byte[] content = File.ReadAllBytes(path);
        Assert.Equal(size, content.Length);
        TestWal.AssertAllZero(content, "allocated file");

        // Allocated, not a sparse file: a full disk has to show up here, not in the middle of a segment.
        Assert.True(FileStat.AllocatedBytes(path) >= size, $"only {FileStat.AllocatedBytes(path)} of {size} bytes are allocated");
    }

    [Fact]
    public void Allocate_failing_names_the_call_the_file_and_the_error()
    {
        string path = _temp.PathOf("read-only");
        File.WriteAllBytes(path, []);
        using SafeFileHandle file = File.OpenHandle(path, FileMode.Open, FileAccess.Read);

        WalStorageException error = Assert.Throws<WalStorageException>(() => DurableFileSystem.Allocate(file, path, 8192));

        Assert.StartsWith($"posix_fallocate(\"{path}\") failed", error.Message, StringComparison.Ordinal);
        Assert.Contains("(errno 9)", error.Message, StringComparison.Ordinal);
    }
}
