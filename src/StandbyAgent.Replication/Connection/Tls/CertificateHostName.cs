using System.Formats.Asn1;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace StandbyAgent.Replication.Connection.Tls;

/// <summary>
/// sslmode=verify-full's check that the certificate names the host, with libpq's rules: subject
/// alternative names of the host's kind (DNS name or IP address) hide the common name; a wildcard
/// is only "*." at the start and matches one label; names compare without regard to ASCII case.
/// </summary>
internal static class CertificateHostName
{
    private const string SubjectAlternativeNameOid = "2.5.29.17";
    private const string CommonNameOid = "2.5.4.3";
    private static readonly Asn1Tag s_dnsNameTag = new(TagClass.ContextSpecific, 2);
    private static readonly Asn1Tag s_ipAddressTag = new(TagClass.ContextSpecific, 7);

    /// <returns>Null when the certificate names the host; otherwise libpq's message.</returns>
    public static string? Mismatch(X509Certificate2 certificate, string? host)
    {
        if (string.IsNullOrEmpty(host))
        {
            return "host name must be specified for a verified SSL connection";
        }

        IPAddress? address = IPAddress.TryParse(host, out IPAddress? parsed) ? parsed : null;
        var examined = new List<string>();
        bool checkCommonName = true;
        foreach (CertificateName name in SubjectAlternativeNames(certificate))
        {
            // A name of the host's own kind means the subject alternative names are authoritative.
            checkCommonName &= name.IsAddress != (address is not null);
            examined.Add(name.Shown);
            if (name.Problem is not null)
            {
                return name.Problem;
            }

            if (name.IsAddress ? address is not null && name.Address.SequenceEqual(address.GetAddressBytes()) : Matches(name.Shown, host))
            {
                return null;
            }
        }

        if (checkCommonName && CommonName(certificate) is { } commonName)
        {
            examined.Add(commonName);
            if (commonName.Contains('\0', StringComparison.Ordinal))
            {
                return "SSL certificate's name contains embedded null";
            }

            if (Matches(commonName, host))
            {
                return null;
            }
        }

        return examined.Count switch
        {
            0 => "could not get server's host name from server certificate",
            1 => $"server certificate for \"{Shown(examined[0])}\" does not match host name \"{host}\"",
            2 => $"server certificate for \"{Shown(examined[0])}\" (and 1 other name) does not match host name \"{host}\"",
            _ => $"server certificate for \"{Shown(examined[0])}\" (and {examined.Count - 1} other names) does not match host name \"{host}\"",
        };
    }

    /// <summary>An exact match, or "*.rest" where the host's first label stands for the star.</summary>
    internal static bool Matches(string name, string host)
    {
        if (string.Equals(name, host, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (name.Length < 3 || !name.StartsWith("*.", StringComparison.Ordinal) || name.Length > host.Length)
        {
            return false;
        }

        // libpq's test: no dot left of where the pattern starts to match, so the star spans one label.
        return host.EndsWith(name[1..], StringComparison.OrdinalIgnoreCase) && host.IndexOf('.', StringComparison.Ordinal) >= host.Length - name.Length;
    }

    private static IEnumerable<CertificateName> SubjectAlternativeNames(X509Certificate2 certificate)
    {
        X509Extension? extension = certificate.Extensions[SubjectAlternativeNameOid];
        if (extension is null)
        {
            yield break;
        }

        AsnReader names = new AsnReader(extension.RawData, AsnEncodingRules.DER).ReadSequence();
        while (names.HasData)
        {
            Asn1Tag tag = names.PeekTag();
            if (tag.HasSameClassAndValue(s_dnsNameTag))
            {
                string dnsName = Encoding.Latin1.GetString(names.ReadOctetString(s_dnsNameTag));
                yield return new CertificateName(dnsName, [], dnsName.Contains('\0', StringComparison.Ordinal) ? "SSL certificate's name contains embedded null" : null);
            }
            else if (tag.HasSameClassAndValue(s_ipAddressTag))
            {
                byte[] address = names.ReadOctetString(s_ipAddressTag);
                yield return address.Length is 4 or 16
                    ? new CertificateName(new IPAddress(address).ToString(), address, null)
                    : new CertificateName(string.Empty, address, $"certificate contains IP address with invalid length {address.Length}");
            }
            else
            {
                names.ReadEncodedValue();
            }
        }
    }

    /// <summary>The first common name in the subject, in encoding order, as OpenSSL finds it.</summary>
    private static string? CommonName(X509Certificate2 certificate)
    {
        foreach (X500RelativeDistinguishedName part in certificate.SubjectName.EnumerateRelativeDistinguishedNames(reversed: false))
        {
            if (!part.HasMultipleElements && part.GetSingleElementType().Value == CommonNameOid)
            {
                return part.GetSingleElementValue();
            }
        }

        return null;
    }

    /// <summary>The certificate's text as printable ASCII, so a hostile certificate cannot forge log lines.</summary>
    private static string Shown(string name) =>
        string.Create(name.Length, name, (span, text) =>
        {
            for (int i = 0; i < text.Length; i++)
            {
                span[i] = text[i] is >= ' ' and <= '~' ? text[i] : '?';
            }
        });

    private readonly record struct CertificateName(string Shown, byte[] Address, string? Problem)
    {
        public bool IsAddress => Address.Length > 0;
    }
}
