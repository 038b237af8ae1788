using System.Globalization;
using System.Net;

namespace StandbyAgent.Metrics;

/// <summary>
/// Parses ADDR:PORT with an IP literal and an explicit port: <c>127.0.0.1:9188</c>,
/// <c>[::1]:9188</c>, <c>0.0.0.0:0</c> (any free port). Host names are refused: nothing is
/// resolved, so the address bound does not depend on DNS or /etc/hosts.
/// </summary>
internal static class ListenAddress
{
    public static bool TryParse(string text, out IPEndPoint? endpoint)
    {
        endpoint = null;
        int colon = text.LastIndexOf(':');
        if (colon <= 0)
        {
            return false;
        }

        ReadOnlySpan<char> address = text.AsSpan(0, colon);
        if (address.StartsWith('[') && address.EndsWith(']'))
        {
            address = address[1..^1];
        }
        else if (address.Contains(':'))
        {
            // An IPv6 address without brackets: the port cannot be told from the last group.
            return false;
        }

        if (!IPAddress.TryParse(address, out IPAddress? ip)
            || !ushort.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out ushort port))
        {
            return false;
        }

        endpoint = new IPEndPoint(ip, port);
        return true;
    }
}
