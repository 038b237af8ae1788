using System.Globalization;

namespace StandbyAgent.Protocol;

/// <summary>
/// A position in the write-ahead log: a byte offset from the start of WAL, printed as PostgreSQL
/// prints it (<c>%X/%X</c>, the upper and lower 32 bits in hex).
/// </summary>
public readonly record struct Lsn(ulong Value) : IComparable<Lsn>
{
    /// <summary>PostgreSQL's InvalidXLogRecPtr; sent as "unknown" in status updates.</summary>
    public static readonly Lsn Invalid;

    public bool IsValid => Value != 0;

    public static Lsn operator +(Lsn lsn, ulong bytes) => new(checked(lsn.Value + bytes));

    public static ulong operator -(Lsn left, Lsn right) => left.Value - right.Value;

    public static bool operator <(Lsn left, Lsn right) => left.Value < right.Value;

    public static bool operator >(Lsn left, Lsn right) => left.Value > right.Value;

    public static bool operator <=(Lsn left, Lsn right) => left.Value <= right.Value;

    public static bool operator >=(Lsn left, Lsn right) => left.Value >= right.Value;

    public static Lsn Max(Lsn left, Lsn right) => left.Value >= right.Value ? left : right;

    public static Lsn Min(Lsn left, Lsn right) => left.Value <= right.Value ? left : right;

    public int CompareTo(Lsn other) => Value.CompareTo(other.Value);

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{(uint)(Value >> 32):X}/{(uint)Value:X}");

    /// <summary>
    /// Parses <c>X/X</c>: one to eight hex digits on each side, nothing else (the form
    /// pg_lsn_in accepts, and the padded <c>%X/%08X</c> newer servers print).
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> text, out Lsn lsn)
    {
        lsn = Invalid;
        int slash = text.IndexOf('/');
        if (slash <= 0 || slash > 8 || text.Length - slash - 1 is < 1 or > 8)
        {
            return false;
        }

        if (!TryParseHex(text[..slash], out uint high) || !TryParseHex(text[(slash + 1)..], out uint low))
        {
            return false;
        }

        lsn = new Lsn(((ulong)high << 32) | low);
        return true;
    }

    public static Lsn Parse(string text) =>
        TryParse(text, out Lsn lsn)
            ? lsn
            : throw new FormatException($"invalid WAL location \"{text}\": expected two hexadecimal numbers separated by a slash, such as 0/16B3748");

    private static bool TryParseHex(ReadOnlySpan<char> digits, out uint value)
    {
        foreach (char c in digits)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                value = 0;
                return false;
            }
        }

        return uint.TryParse(digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
    }
}
