using Microsoft.Win32.SafeHandles;

namespace StandbyAgent.Storage.Tests;

/// <summary>
/// VectoredWriter hands at most 64 blocks to each pwritev call, so sequences of 63, 64, 65 and
/// more blocks cross its batch boundary; empty blocks must neither be written nor counted.
/// </summary>
public sealed class VectoredWriterTests : IDisposable
{
    private const byte Background = 0xEE;
    private const int FileLength = 256 * 1024;

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(1, 1000, 0)]
    [InlineData(1, 1, 5)]
    [InlineData(2, 3, 0)]
    [InlineData(63, 40_000, 4096)]
    [InlineData(64, 40_000, 8191)]
    [InlineData(65, 40_000, 1)]
    [InlineData(127, 70_000, 100)]
    [InlineData(128, 70_000, 0)]
    [InlineData(129, 70_000, 77)]
    [InlineData(200, 100_000, 12_345)]
    [InlineData(1000, 150_000, 3)]
    public void Writes_exactly_the_bytes_of_every_block_at_the_offset_and_nothing_around_them(int blocks, int length, long offset)
    {
        byte[] data = TestWal.Bytes(TestWal.Identity, new Lsn((ulong)blocks * 7919), length);
        int[] sizes = BlockSequence.VariedSizes(blocks, length, seed: blocks);
        ReadOnlySequence<byte> sequence = BlockSequence.FromBlocks(data, sizes);
        Assert.Equal(blocks, CountBlocks(sequence));

        byte[] file = WriteIntoBackground(sequence, offset);

        AssertWrittenAt(file, data, offset);
    }

    [Theory]
    [InlineData(64)]
    [InlineData(65)]
    [InlineData(130)]
    public void Blocks_of_one_byte_each_are_written_in_order(int blocks)
    {
        byte[] data = TestWal.Bytes(TestWal.Identity, new Lsn(12345), blocks);

        byte[] file = WriteIntoBackground(BlockSequence.FromBlocks(data, [.. Enumerable.Repeat(1, blocks)]), 10);

        AssertWrittenAt(file, data, 10);
    }

    [Fact]
    public void Empty_blocks_between_full_batches_do_not_shift_the_data()
    {
        // 64 non-empty blocks, then empty ones, then 64 more: empty blocks must not take a slot or a byte.
        List<int> sizes = [.. Enumerable.Repeat(100, 64), .. Enumerable.Repeat(0, 70), .. Enumerable.Repeat(33, 64), 0, 0];
        byte[] data = TestWal.Bytes(TestWal.Identity, new Lsn(999), sizes.Sum());

        byte[] file = WriteIntoBackground(BlockSequence.FromBlocks(data, sizes), 4000);

        AssertWrittenAt(file, data, 4000);
    }

    [Fact]
    public void A_sequence_that_starts_and_ends_with_empty_blocks_is_written_exactly()
    {
        int[] sizes = [0, 0, 10, 0, 20, 0, 0];
        byte[] data = TestWal.Bytes(TestWal.Identity, new Lsn(1), 30);

        byte[] file = WriteIntoBackground(BlockSequence.FromBlocks(data, sizes), 0);

        AssertWrittenAt(file, data, 0);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(200)]
    public void A_sequence_of_only_empty_blocks_writes_nothing(int emptyBlocks)
    {
        ReadOnlySequence<byte> empty = emptyBlocks == 0 ? ReadOnlySequence<byte>.Empty : BlockSequence.FromBlocks([], [.. Enumerable.Repeat(0, emptyBlocks)]);

        byte[] file = WriteIntoBackground(empty, 100);

        Assert.Equal(FileLength, file.Length);
        Assert.True(file.AsSpan().IndexOfAnyExcept(Background) < 0);
    }

    [Theory]
    [InlineData(0, 100)]
    [InlineData(37, 1)]
    [InlineData(150, 20_000)]
    [InlineData(5_000, 25_000)]
    public void A_slice_that_starts_and_ends_inside_blocks_writes_only_the_slice(int sliceStart, int sliceLength)
    {
        byte[] data = TestWal.Bytes(TestWal.Identity, new Lsn(77), 30_000);
        ReadOnlySequence<byte> sequence = BlockSequence.FromBlocks(data, BlockSequence.VariedSizes(150, data.Length, seed: 3));

        byte[] file = WriteIntoBackground(sequence.Slice(sliceStart, sliceLength), 1234);

        AssertWrittenAt(file, data.AsSpan(sliceStart, sliceLength).ToArray(), 1234);
    }

    [Fact]
    public void The_same_writer_can_be_used_again_after_a_large_write()
    {
        var writer = new VectoredWriter();
        string path = _temp.PathOf("reuse");
        byte[] first = TestWal.Bytes(TestWal.Identity, new Lsn(0), 50_000);
        byte[] second = TestWal.Bytes(TestWal.Identity, new Lsn(50_000), 50_000);
        using (SafeFileHandle handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite))
        {
            writer.Write(handle, path, BlockSequence.FromBlocks(first, BlockSequence.VariedSizes(300, first.Length, 1)), 0);
            writer.Write(handle, path, BlockSequence.FromBlocks(second, BlockSequence.VariedSizes(3, second.Length, 2)), first.Length);
        }

        TestWal.AssertBytesEqual([.. first, .. second], File.ReadAllBytes(path), "two writes");
    }

    [Fact]
    public void Writing_beyond_the_end_extends_the_file_like_pwrite()
    {
        string path = _temp.PathOf("extend");
        byte[] data = [1, 2, 3];
        using (SafeFileHandle handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite))
        {
            new VectoredWriter().Write(handle, path, BlockSequence.FromBlocks(data, [1, 0, 2]), 10);
        }

        Assert.Equal(new byte[] { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3 }, File.ReadAllBytes(path));
    }

    [Fact]
    public void A_write_the_kernel_refuses_is_a_WalStorageException_naming_pwritev_and_the_file()
    {
        string path = _temp.PathOf("read-only");
        File.WriteAllBytes(path, new byte[100]);
        using SafeFileHandle readOnly = File.OpenHandle(path, FileMode.Open, FileAccess.Read);

        WalStorageException error = Assert.Throws<WalStorageException>(
            () => new VectoredWriter().Write(readOnly, path, new ReadOnlySequence<byte>(new byte[10]), 0));

        Assert.Contains("pwritev", error.Message, StringComparison.Ordinal);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.False(error.IsOutOfSpace);
        Assert.Equal(new byte[100], File.ReadAllBytes(path));
    }

    private static int CountBlocks(ReadOnlySequence<byte> sequence)
    {
        int count = 0;
        foreach (ReadOnlyMemory<byte> unused in sequence)
        {
            count++;
        }

        return count;
    }

    private static void AssertWrittenAt(byte[] file, byte[] data, long offset)
    {
        Assert.Equal(Math.Max(FileLength, offset + data.Length), file.Length);
        Assert.True(file.AsSpan(0, (int)offset).IndexOfAnyExcept(Background) < 0, "a byte before the offset changed");
        TestWal.AssertBytesEqual(data, file.AsSpan((int)offset, data.Length), "written range");
        Assert.True(file.AsSpan((int)offset + data.Length).IndexOfAnyExcept(Background) < 0, "a byte after the written range changed");
    }

    /// <summary>Writes into a file full of <see cref="Background"/> and returns the whole file.</summary>
    private byte[] WriteIntoBackground(ReadOnlySequence<byte> sequence, long offset)
    {
        string path = _temp.PathOf(Guid.NewGuid().ToString("N"));
        byte[] background = new byte[FileLength];
        background.AsSpan().Fill(Background);
        File.WriteAllBytes(path, background);
        using (SafeFileHandle handle = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite))
        {
            new VectoredWriter().Write(handle, path, sequence, offset);
        }

        return File.ReadAllBytes(path);
    }
}
