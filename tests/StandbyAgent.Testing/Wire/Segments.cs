using System.Buffers;

namespace StandbyAgent.Testing.Wire;

/// <summary>
/// Builds multi-segment <see cref="ReadOnlySequence{T}"/> values the way a pipe hands over
/// data that straddles buffer blocks. Segments are views of the caller's array, never copies,
/// so tests can tell whether a parser copied or sliced.
/// </summary>
public static class Segments
{
    public static ReadOnlySequence<byte> Single(byte[] bytes) => new(bytes);

    /// <summary>Cuts <paramref name="bytes"/> at the given ascending offsets; equal offsets make empty segments.</summary>
    public static ReadOnlySequence<byte> SplitAt(byte[] bytes, params int[] offsets)
    {
        var pieces = new List<ReadOnlyMemory<byte>>(offsets.Length + 1);
        int start = 0;
        foreach (int offset in offsets)
        {
            if (offset < start || offset > bytes.Length)
            {
                throw new ArgumentOutOfRangeException(nameof(offsets), "offsets must be ascending and inside the array");
            }

            pieces.Add(bytes.AsMemory(start, offset - start));
            start = offset;
        }

        pieces.Add(bytes.AsMemory(start));
        return Join(pieces);
    }

    public static ReadOnlySequence<byte> Join(IReadOnlyList<ReadOnlyMemory<byte>> pieces)
    {
        if (pieces.Count == 1)
        {
            return new ReadOnlySequence<byte>(pieces[0]);
        }

        var first = new Segment(pieces[0], 0);
        Segment last = first;
        for (int i = 1; i < pieces.Count; i++)
        {
            last = last.Append(pieces[i]);
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    /// <summary>Every way of cutting the bytes once, including the empty first and last segment.</summary>
    public static IEnumerable<ReadOnlySequence<byte>> EveryTwoWaySplit(byte[] bytes)
    {
        for (int cut = 0; cut <= bytes.Length; cut++)
        {
            yield return SplitAt(bytes, cut);
        }
    }

    /// <summary>Every way of cutting the bytes twice (so every pair of block boundaries).</summary>
    public static IEnumerable<ReadOnlySequence<byte>> EveryThreeWaySplit(byte[] bytes)
    {
        for (int first = 0; first <= bytes.Length; first++)
        {
            for (int second = first; second <= bytes.Length; second++)
            {
                yield return SplitAt(bytes, first, second);
            }
        }
    }

    public static ReadOnlySequence<byte> OneBytePerSegment(byte[] bytes) =>
        SplitAt(bytes, [.. Enumerable.Range(1, Math.Max(0, bytes.Length - 1))]);

    public static ReadOnlySequence<byte> RandomSplit(byte[] bytes, Random random, int maxCuts)
    {
        int[] cuts = [.. Enumerable.Range(0, random.Next(maxCuts + 1)).Select(_ => random.Next(bytes.Length + 1)).Order()];
        return SplitAt(bytes, cuts);
    }

    /// <summary>The single-segment form followed by every two- and three-way split.</summary>
    public static IEnumerable<ReadOnlySequence<byte>> AllShapes(byte[] bytes) =>
        [Single(bytes), OneBytePerSegment(bytes), .. EveryThreeWaySplit(bytes)];

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
