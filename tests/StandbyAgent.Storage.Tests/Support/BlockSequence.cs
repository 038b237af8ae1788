using StandbyAgent.Testing.Wire;

namespace StandbyAgent.Storage.Tests.Support;

/// <summary>
/// Builds multi-block <see cref="ReadOnlySequence{T}"/> values like the ones a receive pipe hands
/// over. Each block is copied into an array of its own, so no two blocks are adjacent in memory
/// and a writer that walked past the end of one block would write the wrong bytes.
/// </summary>
public static class BlockSequence
{
    /// <summary>Cuts <paramref name="bytes"/> into blocks of the given sizes (zeros make empty blocks); the sizes must add up.</summary>
    public static ReadOnlySequence<byte> FromBlocks(byte[] bytes, IReadOnlyList<int> blockSizes)
    {
        if (blockSizes.Sum() != bytes.Length)
        {
            throw new ArgumentException($"the block sizes add up to {blockSizes.Sum()}, not {bytes.Length}", nameof(blockSizes));
        }

        if (blockSizes.Count == 0)
        {
            return ReadOnlySequence<byte>.Empty;
        }

        var blocks = new List<ReadOnlyMemory<byte>>(blockSizes.Count);
        int offset = 0;
        foreach (int size in blockSizes)
        {
            // A little slack on both sides so each block sits inside a larger array, as pool blocks do.
            byte[] array = new byte[size + 16];
            array.AsSpan().Fill(0xA5);
            bytes.AsSpan(offset, size).CopyTo(array.AsSpan(8));
            blocks.Add(array.AsMemory(8, size));
            offset += size;
        }

        return Segments.Join(blocks);
    }

    /// <summary>
    /// <paramref name="count"/> block sizes adding up to <paramref name="total"/>, varied (1 byte to
    /// a few kilobytes) and with an empty block every so often, reproducible from <paramref name="seed"/>.
    /// </summary>
    public static int[] VariedSizes(int count, int total, int seed)
    {
        if (count <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, "at least one block");
        }

        var random = new Random(seed);
        double[] weights = new double[count];
        for (int i = 0; i < count; i++)
        {
            // Every seventh block is empty (unless it is the only one).
            weights[i] = count > 1 && i % 7 == 3 ? 0 : 0.05 + (random.NextDouble() * random.NextDouble() * 10);
        }

        double sum = weights.Sum();
        int[] sizes = new int[count];
        int assigned = 0;
        for (int i = 0; i < count; i++)
        {
            sizes[i] = (int)(total * weights[i] / sum);
            assigned += sizes[i];
        }

        // Put the rounding remainder on the last non-empty block.
        int lastNonEmpty = Array.FindLastIndex(weights, weight => weight > 0);
        sizes[lastNonEmpty] += total - assigned;
        return sizes;
    }
}
