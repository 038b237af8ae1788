using FsCheck;
using Microsoft.FSharp.Core;

namespace StandbyAgent.Testing.Fuzzing;

/// <summary>Runs a property as <see cref="FuzzSettings"/> says: that many cases, from the seed given or a fresh one.</summary>
public static class Fuzz
{
    public static void Check(Property property)
    {
        Config config = Config.QuickThrowOnFailure.WithMaxTest(FuzzSettings.Cases).WithQuietOnSuccess(true);
        if (FuzzSettings.Seed is { } seed)
        {
            FSharpOption<int> size = seed.Size is { } steps ? FSharpOption<int>.Some(steps) : FSharpOption<int>.None;
            config = config.WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(seed.Seed, seed.Gamma), size)));
        }

        try
        {
            FsCheck.Check.One(config, property);
        }
        catch (Exception falsified)
        {
            throw FuzzSettings.Failure(falsified);
        }
    }
}
