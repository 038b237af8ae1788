using System.Buffers;

namespace StandbyAgent.Benchmarks;

/// <summary>A byte array cut into fixed-size blocks, as a receive pipe holds it.</summary>
internal static class Blocks
{
    public static ReadOnlySequence<byte> Split(byte[] bytes, int blockSize)
    {
        var first = new Block(bytes.AsMemory(0, Math.Min(blockSize, bytes.Length)), 0);
        Block last = first;
        for (int offset = blockSize; offset < bytes.Length; offset += blockSize)
        {
            last = last.Append(bytes.AsMemory(offset, Math.Min(blockSize, bytes.Length - offset)));
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Block : ReadOnlySequenceSegment<byte>
    {
        public Block(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Block Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Block(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
