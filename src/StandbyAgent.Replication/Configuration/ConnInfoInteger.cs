using System.Globalization;

namespace StandbyAgent.Replication.Configuration;

/// <summary>libpq's integer parameters: an optional sign and digits, spaces around allowed, within 32 bits.</summary>
internal static class ConnInfoInteger
{
    public static int Parse(string keyword, string value) =>
        int.TryParse(value.AsSpan().Trim(CWhitespace.Characters), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int result)
            ? result
            : throw new ConnectionSettingsException($"invalid integer value \"{value}\" for connection option \"{keyword}\"");
}
