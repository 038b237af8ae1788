using System.Buffers;
using System.Collections.Concurrent;

namespace StandbyAgent.Transport.Buffers;

/// <summary>
/// A <see cref="MemoryPool{T}"/> of fixed-size pinned blocks, shaped like Kestrel's
/// PinnedBlockMemoryPool. Every transport's receive pipe draws from it, so the bytes the network
/// delivers stay where they landed until they are written to a WAL segment.
/// </summary>
public sealed class PinnedBlockMemoryPool : MemoryPool<byte>
{
    /// <summary>
    /// Large enough that one receive call takes a whole XLogData message (128 KiB with 8 KiB
    /// pages), and a segment write needs one or two iovecs for it.
    /// </summary>
    public const int DefaultBlockSize = 128 * 1024;

    private readonly ConcurrentQueue<PinnedMemoryBlock> _blocks = new();
    private readonly int _blockSize;
    private readonly int _maxRetainedBlocks;
    private int _retained;
    private long _allocated;
    private bool _disposed;

    /// <param name="blockSize">Bytes per block.</param>
    /// <param name="maxRetainedBlocks">Free blocks kept for reuse; blocks beyond that go back to the GC.</param>
    public PinnedBlockMemoryPool(int blockSize = DefaultBlockSize, int maxRetainedBlocks = 64)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(blockSize, 4096);
        _blockSize = blockSize;
        _maxRetainedBlocks = maxRetainedBlocks;
    }

    public override int MaxBufferSize => _blockSize;

    /// <summary>Blocks created since the pool was made: flat in steady state.</summary>
    public long AllocatedBlocks => Interlocked.Read(ref _allocated);

    public override IMemoryOwner<byte> Rent(int minBufferSize = -1)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (minBufferSize > _blockSize)
        {
            throw new ArgumentOutOfRangeException(nameof(minBufferSize), $"blocks are {_blockSize} bytes");
        }

        if (_blocks.TryDequeue(out PinnedMemoryBlock? block))
        {
            Interlocked.Decrement(ref _retained);
            return block;
        }

        Interlocked.Increment(ref _allocated);
        return new PinnedMemoryBlock(this, _blockSize);
    }

    internal void Return(PinnedMemoryBlock block)
    {
        if (_disposed)
        {
            return;
        }

        if (Interlocked.Increment(ref _retained) > _maxRetainedBlocks)
        {
            Interlocked.Decrement(ref _retained);
            return;
        }

        _blocks.Enqueue(block);
    }

    protected override void Dispose(bool disposing)
    {
        _disposed = true;
        _blocks.Clear();
    }
}
