namespace StandbyAgent.Protocol.Tests.Support;

/// <summary>
/// Property-style tests run a fixed number of cases from a fixed seed, so a failure reproduces
/// exactly. The FsCheck properties under Fuzzing/ explore further, with shrinking and a seed per
/// run; see <see cref="StandbyAgent.Testing.Fuzzing.FuzzSettings"/>.
/// </summary>
public static class TestRandom
{
    public const int Seed = 20_240_601;

    public const int Cases = 2_000;

    public static Random Create(int salt = 0) => new(Seed + salt);

    public static byte[] Bytes(Random random, int length)
    {
        byte[] bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    /// <summary>Edge values mixed with uniformly random ones.</summary>
    public static ulong UInt64(Random random) => random.Next(8) switch
    {
        0 => 0,
        1 => ulong.MaxValue,
        2 => (ulong)random.Next(),
        3 => (ulong)(uint)random.Next() << 32,
        _ => (ulong)random.NextInt64() ^ ((ulong)random.Next(2) << 63),
    };
}
