using System.Buffers.Binary;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using StandbyAgent.Protocol.Framing;
using StandbyAgent.Testing.Fuzzing;
using StandbyAgent.Testing.Wire;

namespace StandbyAgent.Protocol.Tests.Fuzzing;

/// <summary>
/// Generators of what a hostile or broken server can send: well-formed examples mutated (bytes
/// flipped, inserted, deleted, repeated, set to 0x00/0x7F/0x80/0xFF, length words spliced in with
/// hostile values), and bytes at random.
/// </summary>
internal static class WireGen
{
    /// <summary>Lengths and counts at and around every limit a parser checks, and past them.</summary>
    private static readonly int[] s_hostileInt32 =
    [
        0, 1, 3, 4, 5, -1, -4, int.MinValue, int.MinValue + 1, int.MaxValue, int.MaxValue - 3, 1 << 30,
        ProtocolLimits.MaxBackendMessageLength, ProtocolLimits.MaxBackendMessageLength + 1, ProtocolLimits.MaxBackendMessageLength + 4,
        ProtocolLimits.MaxColumns, ProtocolLimits.MaxColumns + 1, short.MaxValue, ushort.MaxValue, 0x7F7F7F7F, unchecked((int)0x80808080),
    ];

    private static readonly short[] s_hostileInt16 =
        [0, 1, -1, -2, short.MinValue, short.MaxValue, ProtocolLimits.MaxColumns, ProtocolLimits.MaxColumns + 1, 0x7F7F, unchecked((short)0x8080), 0x00FF];

    private static readonly byte[] s_boundaryBytes = [0x00, 0x7F, 0x80, 0xFF];

    public static Gen<byte> Byte { get; } =
        Gen.Frequency((3, Gen.Choose(0, 255).Select(value => (byte)value)), (1, Gen.Elements(s_boundaryBytes)));

    public static Gen<byte[]> Bytes { get; } = Gen.ArrayOf(Byte);

    /// <summary>A length word or count: mostly a hostile value, sometimes any.</summary>
    public static Gen<int> LengthWord { get; } =
        Gen.Frequency((3, Gen.Elements(s_hostileInt32)), (1, ArbMap.Default.GeneratorFor<int>()));

    /// <summary>An Int32 or Int16 field, big-endian, with a hostile value.</summary>
    public static Gen<byte[]> HostileWord { get; } = Gen.OneOf(
        LengthWord.Select(value => Write(value)),
        Gen.Elements(s_hostileInt16).Select(value => Write(value)));

    /// <summary>A message header whose length word claims a hostile length, and whatever bytes came after it.</summary>
    public static Gen<byte[]> ClaimingFrame { get; } =
        from code in Byte
        from lengthWord in LengthWord
        from payload in Bytes
        select BackendMessages.Frame(code, lengthWord, payload);

    /// <summary>A few messages back to back, most with their true length word, sometimes mangled as a whole.</summary>
    public static Gen<byte[]> FrameStream { get; } =
        Gen.Choose(0, 4).SelectMany(count => Gen.ArrayOf(Gen.Frequency((3, Frame), (1, ClaimingFrame)), count))
            .Select(frames => frames.SelectMany(frame => frame).ToArray())
            .SelectMany(stream => Gen.Frequency((2, Gen.Constant(stream)), (1, Mutated(stream))));

    public static Arbitrary<WireInput> Arbitrary(Gen<byte[]> bytes) =>
        Arb.From(bytes.SelectMany(value => Cuts(value.Length), (value, cuts) => new WireInput(value, cuts)), input => input.Shrinks());

    /// <summary>
    /// One to eight messages, each one of the examples (as it is, or mutated) or a message of any
    /// code and payload.
    /// </summary>
    public static Arbitrary<FrameScript> Script(params (BackendMessageCode Code, byte[] Payload)[] examples)
    {
        Gen<(BackendMessageCode, byte[])> message = Gen.Frequency(
            (8, from example in Gen.Elements(examples)
                from payload in Gen.Frequency((3, Gen.Constant(example.Payload)), (1, Mutated(example.Payload)))
                select (example.Code, payload)),
            (1, from code in Byte from payload in Bytes select ((BackendMessageCode)code, payload)));
        return Arb.From(
            Gen.Choose(1, 8).SelectMany(count => Gen.ArrayOf(message, count)).Select(frames => new FrameScript(frames)),
            script => script.Shrinks());
    }

    /// <summary>The example itself now and then, mostly mutated, sometimes bytes at random.</summary>
    public static Gen<byte[]> Around(byte[] valid) =>
        Gen.Frequency((1, Gen.Constant(valid)), (6, Mutated(valid)), (1, Bytes));

    public static Gen<byte[]> Mutated(byte[] valid) => Gen.Choose(1, 4).SelectMany(edits => Edited(valid, edits));

    /// <summary>
    /// The example with one or two fields overwritten or pushed aside by a hostile Int32 or Int16,
    /// mostly near the start where counts and lengths sit, and sometimes cut short.
    /// </summary>
    public static Gen<byte[]> Claiming(byte[] valid) =>
        from spliced in Gen.Choose(1, 2).SelectMany(splices => Spliced(valid, splices))
        from kept in Gen.Frequency((3, Gen.Constant(spliced.Length)), (1, Gen.Choose(0, spliced.Length)))
        select spliced[..kept];

    /// <summary>Text from the characters a grammar gives meaning to, with awkward ones and any UTF-16 unit (lone surrogates too) mixed in.</summary>
    public static Gen<string> Text(string meaningful) =>
        Gen.ArrayOf(Gen.Frequency(
                (8, Gen.Elements(meaningful.ToCharArray())),
                (1, Gen.Elements(AwkwardCharacters.All.ToCharArray())),
                (1, Gen.Choose(0, char.MaxValue).Select(code => (char)code))))
            .Select(characters => new string(characters));

    /// <summary>The example itself now and then, mostly mutated as UTF-8, sometimes grammar text.</summary>
    public static Gen<string> TextAround(string valid, string meaningful) =>
        Gen.Frequency(
            (1, Gen.Constant(valid)),
            (5, Mutated(Encoding.UTF8.GetBytes(valid)).Select(bytes => Encoding.UTF8.GetString(bytes))),
            (2, Text(meaningful)));

    private static Gen<byte[]> Frame =>
        from code in Byte
        from payload in Bytes
        select BackendMessages.Frame(code, payload.Length + sizeof(int), payload);

    private static Gen<int[]> Cuts(int length) =>
        Gen.Choose(0, 3).SelectMany(count => Gen.ArrayOf(Gen.Choose(0, length), count)).Select(cuts => cuts.Order().ToArray());

    private static Gen<byte[]> Edited(byte[] bytes, int edits) =>
        edits == 0 ? Gen.Constant(bytes) : Edit(bytes).SelectMany(next => Edited(next, edits - 1));

    private static Gen<byte[]> Spliced(byte[] bytes, int splices) =>
        splices == 0 ? Gen.Constant(bytes) : Splice(bytes).SelectMany(next => Spliced(next, splices - 1));

    private static Gen<byte[]> Edit(byte[] bytes)
    {
        Gen<int> gap = Gen.Choose(0, bytes.Length);
        var edits = new List<Gen<byte[]>>
        {
            from at in gap from inserted in Gen.Choose(1, 4).SelectMany(count => Gen.ArrayOf(Byte, count)) select (byte[])[.. bytes[..at], .. inserted, .. bytes[at..]],
            from at in gap select bytes[..at],
            Splice(bytes),
        };
        if (bytes.Length > 0)
        {
            Gen<int> index = Gen.Choose(0, bytes.Length - 1);
            edits.Add(from at in index from value in Byte select With(bytes, at, value));
            edits.Add(from at in index from bit in Gen.Choose(0, 7) select With(bytes, at, (byte)(bytes[at] ^ (1 << bit))));
            edits.Add(from at in index from count in Gen.Choose(1, bytes.Length - at) select (byte[])[.. bytes[..at], .. bytes[(at + count)..]]);
            edits.Add(from at in index from count in Gen.Choose(1, bytes.Length - at) select (byte[])[.. bytes[..(at + count)], .. bytes[at..]]);
        }

        return Gen.OneOf(edits);
    }

    /// <summary>A hostile word written over the bytes at a position, or inserted there.</summary>
    private static Gen<byte[]> Splice(byte[] bytes) =>
        from at in Gen.Frequency((1, Gen.Choose(0, Math.Min(8, bytes.Length))), (1, Gen.Choose(0, bytes.Length)))
        from word in HostileWord
        from overwrite in ArbMap.Default.GeneratorFor<bool>()
        select overwrite
            ? (byte[])[.. bytes[..at], .. word, .. bytes[Math.Min(at + word.Length, bytes.Length)..]]
            : (byte[])[.. bytes[..at], .. word, .. bytes[at..]];

    private static byte[] With(byte[] bytes, int index, byte value)
    {
        byte[] copy = [.. bytes];
        copy[index] = value;
        return copy;
    }

    private static byte[] Write(int value)
    {
        byte[] word = new byte[sizeof(int)];
        BinaryPrimitives.WriteInt32BigEndian(word, value);
        return word;
    }

    private static byte[] Write(short value)
    {
        byte[] word = new byte[sizeof(short)];
        BinaryPrimitives.WriteInt16BigEndian(word, value);
        return word;
    }
}
