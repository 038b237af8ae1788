namespace StandbyAgent.Testing;

/// <summary>A received segment that differs from the primary's, from <paramref name="FirstDifferentByte"/> on (where the shorter one ends, if one is a prefix of the other).</summary>
public sealed record WalSegmentMismatch(string Segment, long FirstDifferentByte);
