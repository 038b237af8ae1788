using System.Security.Authentication;

namespace StandbyAgent.Replication.Configuration;

/// <summary>
/// ssl_min_protocol_version and ssl_max_protocol_version as libpq reads them: "TLSv1" to "TLSv1.3",
/// in any case; empty means no bound; the minimum defaults to TLSv1.2.
/// </summary>
internal static class TlsProtocolRange
{
    // TLS 1.0 and 1.1 stay selectable because libpq allows them; OpenSSL's security level may still refuse them.
#pragma warning disable SYSLIB0039
    private static readonly (string Name, SslProtocols Protocol)[] s_versions =
    [
        ("TLSv1", SslProtocols.Tls),
        ("TLSv1.1", SslProtocols.Tls11),
        ("TLSv1.2", SslProtocols.Tls12),
        ("TLSv1.3", SslProtocols.Tls13),
    ];
#pragma warning restore SYSLIB0039

    /// <exception cref="ConnectionSettingsException">An unknown version, or a minimum above the maximum.</exception>
    public static void Validate(string? minimum, string? maximum)
    {
        int? low = IndexOf("ssl_min_protocol_version", minimum);
        int? high = IndexOf("ssl_max_protocol_version", maximum);
        if (low > high)
        {
            throw new ConnectionSettingsException("invalid SSL protocol version range");
        }
    }

    /// <summary>Every version in the validated range.</summary>
    public static SslProtocols ToProtocols(string? minimum, string? maximum)
    {
        int low = IndexOf("ssl_min_protocol_version", minimum ?? ConnectionDefaults.MinimumTlsProtocol) ?? 0;
        int high = IndexOf("ssl_max_protocol_version", maximum) ?? s_versions.Length - 1;
        SslProtocols protocols = SslProtocols.None;
        for (int i = low; i <= high; i++)
        {
            protocols |= s_versions[i].Protocol;
        }

        return protocols;
    }

    /// <returns>Null for no bound.</returns>
    private static int? IndexOf(string keyword, string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return null;
        }

        for (int i = 0; i < s_versions.Length; i++)
        {
            if (string.Equals(s_versions[i].Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        throw new ConnectionSettingsException($"invalid \"{keyword}\" value: \"{name}\"");
    }
}
