using System.Text;

namespace StandbyAgent.Testing;

/// <summary>How a receive directory's completed segments compare with the primary's pg_wal.</summary>
/// <param name="Compared">Segments found in both directories and compared byte for byte.</param>
/// <param name="Missing">Received segments the primary no longer has (recycled or removed).</param>
public sealed record WalComparisonResult(int Compared, IReadOnlyList<WalSegmentMismatch> Mismatches, IReadOnlyList<string> Missing)
{
    /// <summary>Every received segment was found in pg_wal and is identical; vacuously true when nothing was received, so check <see cref="Compared"/> too.</summary>
    public bool AllIdentical => Mismatches.Count == 0 && Missing.Count == 0;

    /// <summary>For assertion messages.</summary>
    public override string ToString()
    {
        var text = new StringBuilder($"{Compared} segment(s) compared");
        if (Mismatches.Count > 0)
        {
            text.Append($"; {Mismatches.Count} differ: ")
                .AppendJoin(", ", Mismatches.Select(mismatch => $"{mismatch.Segment} from byte {mismatch.FirstDifferentByte}"));
        }

        if (Missing.Count > 0)
        {
            text.Append($"; {Missing.Count} not in the primary's pg_wal: ").AppendJoin(", ", Missing);
        }

        return text.ToString();
    }
}
