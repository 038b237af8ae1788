using System.Globalization;
using Xunit.Sdk;

namespace StandbyAgent.Testing.Fuzzing;

/// <summary>
/// How hard the fuzzing properties (every test class under a <c>Fuzzing</c> folder) try. CI runs
/// <see cref="DefaultCases"/> cases per property, each run from a fresh seed, so that successive
/// runs explore different inputs within a bounded time.
/// <para>
/// A longer run, on demand, sets <c>STANDBY_AGENT_FUZZ_CASES</c>:
/// <code>
/// STANDBY_AGENT_FUZZ_CASES=200000 dotnet test tests/StandbyAgent.Protocol.Tests -c Release --filter "FullyQualifiedName~Fuzzing"
/// STANDBY_AGENT_FUZZ_CASES=200000 dotnet test tests/StandbyAgent.Replication.Tests -c Release --filter "FullyQualifiedName~Fuzzing"
/// </code>
/// </para>
/// <para>
/// A failure shows FsCheck's report: the seed the property started from, "(seed,gamma)", and the
/// failing case, "(seed,gamma,size)" after "Replay directly at failing step". Either one, set as
/// <c>STANDBY_AGENT_FUZZ_SEED</c> (parentheses optional), replays it: the pair reruns the whole
/// property (keep the case count of the failing run), the triple only the failing case.
/// </para>
/// </summary>
public static class FuzzSettings
{
    public const string CasesVariable = "STANDBY_AGENT_FUZZ_CASES";

    public const string SeedVariable = "STANDBY_AGENT_FUZZ_SEED";

    /// <summary>Small enough that every property together adds seconds, not minutes, to a CI run on two cores.</summary>
    public const int DefaultCases = 3_000;

    /// <summary>Cases per property.</summary>
    public static int Cases =>
        Environment.GetEnvironmentVariable(CasesVariable) is { Length: > 0 } text
            ? int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int cases) && cases > 0
                ? cases
                : throw new InvalidOperationException($"{CasesVariable} must be a positive number of cases, not \"{text}\"")
            : DefaultCases;

    /// <summary>The seed to replay; null for a fresh one.</summary>
    public static FuzzSeed? Seed =>
        Environment.GetEnvironmentVariable(SeedVariable) is { Length: > 0 } text
            ? FuzzSeed.TryParse(text, out FuzzSeed seed)
                ? seed
                : throw new InvalidOperationException($"{SeedVariable} must be \"seed,gamma\" or \"seed,gamma,size\" as FsCheck prints them, not \"{text}\"")
            : null;

    /// <summary>FsCheck's report of a falsified property, with how to replay it.</summary>
    public static XunitException Failure(Exception falsified) =>
        new($"{falsified.Message}{Environment.NewLine}To replay, set {SeedVariable} to the pair after \"Falsifiable\" "
            + $"(with {CasesVariable}={Cases}) or to the triple after \"Replay directly at failing step\".", falsified);
}
