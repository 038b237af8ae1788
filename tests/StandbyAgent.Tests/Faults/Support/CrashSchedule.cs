using System.Globalization;
using System.Security.Cryptography;

namespace StandbyAgent.Tests.Faults.Support;

/// <summary>One kill: how long after its start the agent dies, and whether that run was a synchronous one.</summary>
internal readonly record struct KillPoint(TimeSpan After, bool Synchronous);

/// <summary>
/// Where the crash loop kills the agent, derived from a seed: a fresh one each run, so that runs
/// explore different moments, printed at the start and in every failure, and given back through
/// <see cref="SeedVariable"/> to replay the same schedule. (The schedule replays exactly; what the
/// agent was doing at each moment also depends on how fast the machine is.)
/// </summary>
internal sealed class CrashSchedule
{
    public const string SeedVariable = "STANDBY_AGENT_CRASH_SEED";

    /// <summary>How many kills; more than the default for a long run on demand.</summary>
    public const string KillsVariable = "STANDBY_AGENT_CRASH_KILLS";

    public const int DefaultKills = 50;

    /// <summary>
    /// Kills fall anywhere in the agent's first 2.5 s: the first few hundred milliseconds are its
    /// start (runtime, connection, resume, the fsync of a reused segment), the rest streaming.
    /// </summary>
    private const int LongestRunMilliseconds = 2500;

    private CrashSchedule(int seed, IReadOnlyList<KillPoint> killPoints)
    {
        Seed = seed;
        KillPoints = killPoints;
    }

    public int Seed { get; }

    public IReadOnlyList<KillPoint> KillPoints { get; }

    public static CrashSchedule FromEnvironment()
    {
        int seed = ReadVariable(SeedVariable) ?? RandomNumberGenerator.GetInt32(int.MaxValue);
        int kills = ReadVariable(KillsVariable) ?? DefaultKills;
        var random = new Random(seed);
        KillPoint[] points = [.. Enumerable.Range(0, kills).Select(_ => new KillPoint(TimeSpan.FromMilliseconds(random.Next(LongestRunMilliseconds)), random.Next(2) == 0))];
        return new CrashSchedule(seed, points);
    }

    public override string ToString() =>
        $"crash schedule: {KillPoints.Count} kills from seed {Seed} (replay with {SeedVariable}={Seed}; {KillsVariable} sets the number of kills)";

    private static int? ReadVariable(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } text
            ? int.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture)
            : null;
}
