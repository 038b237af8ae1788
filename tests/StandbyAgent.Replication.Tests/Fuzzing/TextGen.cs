using FsCheck;
using FsCheck.Fluent;
using StandbyAgent.Testing.Fuzzing;

namespace StandbyAgent.Replication.Tests.Fuzzing;

/// <summary>
/// Generators of what an operator, a tool or an attacker with write access may put in a
/// configuration: text built from the characters a grammar gives meaning to, with awkward ones and
/// any UTF-16 unit (lone surrogates too) mixed in, and valid examples with characters inserted,
/// deleted, repeated or replaced.
/// </summary>
internal static class TextGen
{
    public static Gen<char> Character(string meaningful) => Gen.Frequency(
        (16, Gen.Elements(meaningful.ToCharArray())),
        (1, Gen.Elements(AwkwardCharacters.All.ToCharArray())),
        (1, Gen.Choose(0, char.MaxValue).Select(code => (char)code)));

    public static Gen<string> Text(string meaningful) => Gen.ArrayOf(Character(meaningful)).Select(characters => new string(characters));

    /// <summary>The example as it is, or mutated, or (now and then) grammar text.</summary>
    public static Gen<string> Around(Gen<string> valid, string meaningful) => Gen.Frequency(
        (2, valid),
        (4, valid.SelectMany(example => Mutated(example, meaningful))),
        (1, Text(meaningful)));

    /// <summary>Pieces, each chosen from its generator, written one after another.</summary>
    public static Gen<string> Concat(params Gen<string>[] pieces) =>
        Gen.CollectToArray(pieces).Select(parts => string.Concat(parts));

    /// <summary>Zero to <paramref name="most"/> items, joined by a separator chosen for each gap.</summary>
    public static Gen<string> Joined(Gen<string> item, Gen<string> separator, int most) =>
        Gen.Choose(0, most)
            .SelectMany(count => Gen.ArrayOf(Gen.Zip(item, separator), count))
            .Select(parts => string.Concat(parts.Select((part, i) => i == 0 ? part.Item1 : part.Item2 + part.Item1)));

    public static Arbitrary<string> Arbitrary(Gen<string> text) =>
        Arb.From(text, Shrink.Shorter);

    private static Gen<string> Mutated(string valid, string meaningful) =>
        Gen.Choose(1, 3).SelectMany(edits => Edited(valid, edits, Character(meaningful)));

    private static Gen<string> Edited(string text, int edits, Gen<char> character) =>
        edits == 0 ? Gen.Constant(text) : Edit(text, character).SelectMany(next => Edited(next, edits - 1, character));

    private static Gen<string> Edit(string text, Gen<char> character)
    {
        Gen<int> gap = Gen.Choose(0, text.Length);
        var edits = new List<Gen<string>>
        {
            from at in gap from inserted in Gen.Choose(1, 4).SelectMany(count => Gen.ArrayOf(character, count)) select text.Insert(at, new string(inserted)),
        };
        if (text.Length > 0)
        {
            Gen<int> index = Gen.Choose(0, text.Length - 1);
            edits.Add(from at in index from replacement in character select $"{text[..at]}{replacement}{text[(at + 1)..]}");
            edits.Add(from at in index from count in Gen.Choose(1, text.Length - at) select text.Remove(at, count));
            edits.Add(from at in index from count in Gen.Choose(1, text.Length - at) select text.Insert(at + count, text.Substring(at, count)));
        }

        return Gen.OneOf(edits);
    }
}
