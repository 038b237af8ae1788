using StandbyAgent.Testing.Fuzzing;
using StandbyAgent.Testing.Wire;

namespace StandbyAgent.Protocol.Tests.Fuzzing;

/// <summary>
/// Bytes as they might arrive, and where the receive buffer's blocks happen to end, so that a
/// parser meets every field straddling a block boundary.
/// </summary>
internal sealed record WireInput(byte[] Bytes, int[] Cuts)
{
    public ReadOnlySequence<byte> Sequence => Segments.SplitAt(Bytes, Cuts);

    /// <summary>Fewer bytes (the cuts moved inside them), then the same bytes in one block.</summary>
    public IEnumerable<WireInput> Shrinks()
    {
        foreach (byte[] shorter in Shrink.Shorter(Bytes))
        {
            yield return new WireInput(shorter, [.. Cuts.Select(cut => Math.Min(cut, shorter.Length))]);
        }

        if (Cuts.Length > 0)
        {
            yield return this with { Cuts = [] };
        }
    }

    /// <summary>What FsCheck prints for a failing case: the bytes in hex, ready for a regression test.</summary>
    public override string ToString() => $"{Convert.ToHexString(Bytes)} cut at [{string.Join(", ", Cuts)}]";
}
