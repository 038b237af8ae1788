using System.Globalization;

namespace StandbyAgent.Protocol.Replication;

/// <summary>
/// The server's wal_segment_size, as <c>SHOW wal_segment_size</c> prints it ("16MB", "1GB"):
/// a power of two from 1 MB to 1 GB.
/// </summary>
public static class WalSegmentSize
{
    public const int Minimum = 1024 * 1024;

    public const int Maximum = 1024 * 1024 * 1024;

    public const int Default = 16 * 1024 * 1024;

    public static int Parse(string text)
    {
        ReadOnlySpan<char> value = text.AsSpan().Trim();
        int unitStart = value.IndexOfAnyExceptInRange('0', '9');
        if (unitStart <= 0 || !long.TryParse(value[..unitStart], NumberStyles.None, CultureInfo.InvariantCulture, out long number))
        {
            throw Invalid(text);
        }

        long multiplier = value[unitStart..] switch
        {
            "kB" => 1024,
            "MB" => 1024 * 1024,
            "GB" => 1024 * 1024 * 1024,
            _ => throw Invalid(text),
        };
        // Anything above 1 GB in its unit is out of range; checking first keeps the product from wrapping.
        if (number > Maximum / multiplier || !IsValid(number * multiplier))
        {
            throw new ProtocolViolationException(
                $"the server's WAL segment size is {text}; it must be a power of two between 1 MB and 1 GB");
        }

        return (int)(number * multiplier);
    }

    public static bool IsValid(long bytes) => bytes is >= Minimum and <= Maximum && long.IsPow2(bytes);

    private static ProtocolViolationException Invalid(string text) =>
        new($"could not understand the server's wal_segment_size \"{text}\"");
}
