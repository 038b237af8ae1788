using System.Buffers;
using StandbyAgent.Transport.Buffers;
using Xunit;

namespace StandbyAgent.Transport.Tests.Buffers;

public sealed class PinnedBlockMemoryPoolTests
{
    [Fact]
    public void Blocks_have_the_pool_size_and_do_not_move_when_the_heap_is_compacted()
    {
        using var pool = new PinnedBlockMemoryPool(blockSize: 8192);
        using IMemoryOwner<byte> block = pool.Rent(100);
        nint before = AddressOf(block.Memory);

        // Compacting collections move young, unpinned objects; a pinned-heap block stays put,
        // which is what lets pwritev and rsend use its address.
        for (int i = 0; i < 3; i++)
        {
            _ = new byte[1024 * 1024];
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        }

        Assert.Equal(8192, block.Memory.Length);
        Assert.Equal(before, AddressOf(block.Memory));
    }

    [Fact]
    public void A_returned_block_is_handed_out_again_instead_of_a_new_one()
    {
        using var pool = new PinnedBlockMemoryPool(blockSize: 8192);
        IMemoryOwner<byte> first = pool.Rent();
        Memory<byte> memory = first.Memory;
        first.Dispose();

        using IMemoryOwner<byte> second = pool.Rent();

        Assert.True(memory.Span == second.Memory.Span, "the same block should come back");
        Assert.Equal(1, pool.AllocatedBlocks);
    }

    [Fact]
    public void Blocks_beyond_the_retention_limit_are_left_to_the_garbage_collector()
    {
        using var pool = new PinnedBlockMemoryPool(blockSize: 4096, maxRetainedBlocks: 2);
        IMemoryOwner<byte>[] rented = [.. Enumerable.Range(0, 4).Select(_ => pool.Rent())];
        foreach (IMemoryOwner<byte> block in rented)
        {
            block.Dispose();
        }

        IMemoryOwner<byte>[] again = [.. Enumerable.Range(0, 4).Select(_ => pool.Rent())];

        Assert.Equal(6, pool.AllocatedBlocks);
        foreach (IMemoryOwner<byte> block in again)
        {
            block.Dispose();
        }
    }

    [Fact]
    public void Asking_for_more_than_a_block_is_refused()
    {
        using var pool = new PinnedBlockMemoryPool(blockSize: 4096);

        Assert.Throws<ArgumentOutOfRangeException>(() => pool.Rent(4097));
    }

    private static unsafe nint AddressOf(Memory<byte> memory)
    {
        using MemoryHandle pin = memory.Pin();
        return (nint)pin.Pointer;
    }

    [Fact]
    public void A_disposed_pool_rents_nothing()
    {
        var pool = new PinnedBlockMemoryPool(blockSize: 4096);
        pool.Dispose();

        Assert.Throws<ObjectDisposedException>(() => pool.Rent());
    }
}
