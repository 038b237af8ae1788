using System.Buffers;
using System.Runtime.InteropServices;

namespace StandbyAgent.Transport.Buffers;

/// <summary>
/// One block of the pool: an array on the pinned object heap, so the address never moves and
/// native code (pwritev, rsend, rrecv) can use it without pinning it again.
/// </summary>
internal sealed class PinnedMemoryBlock : IMemoryOwner<byte>
{
    private readonly PinnedBlockMemoryPool _pool;

    public PinnedMemoryBlock(PinnedBlockMemoryPool pool, int length)
    {
        _pool = pool;
        byte[] array = GC.AllocateUninitializedArray<byte>(length, pinned: true);
        Memory = MemoryMarshal.CreateFromPinnedArray(array, 0, length);
    }

    public Memory<byte> Memory { get; }

    public void Dispose() => _pool.Return(this);
}
