using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.RegularExpressions;

namespace StandbyAgent.Replication.Connection.Tls;

/// <summary>
/// sslcrl and sslcrldir as libpq hands them to OpenSSL (X509_V_FLAG_CRL_CHECK | CRL_CHECK_ALL):
/// once any are loaded, every certificate of the server's chain, the root included, needs a current
/// list from its issuer, and must not be on it. A missing or unreadable file turns checking off,
/// silently, as in libpq; a directory turns it on whatever it holds. In the directory only files
/// named as "openssl rehash" names them (8 hex digits, ".r", a number) count, as for OpenSSL.
/// </summary>
internal sealed partial class RevocationLists
{
    private const string PemLabel = "X509 CRL";

    private readonly List<RevocationList> _lists;

    private RevocationLists(List<RevocationList> lists)
    {
        _lists = lists;
    }

    /// <returns>Null when revocation is not checked.</returns>
    public static RevocationLists? Load(string? file, string? directory)
    {
        var lists = new List<RevocationList>();
        if (file is not null && !TryReadFile(file, lists))
        {
            return null;
        }

        if (directory is not null)
        {
            foreach (string entry in Directory.Exists(directory) ? Directory.EnumerateFiles(directory) : [])
            {
                if (HashedName().IsMatch(Path.GetFileName(entry)))
                {
                    TryReadFile(entry, lists);
                }
            }
        }

        return file is null && directory is null ? null : new RevocationLists(lists);
    }

    /// <summary>Checks every certificate of a chain that was already verified up to a trusted root.</summary>
    /// <returns>Null when none is revoked; otherwise OpenSSL's reason.</returns>
    public string? Check(X509Chain chain, DateTimeOffset now)
    {
        X509ChainElementCollection elements = chain.ChainElements;
        for (int i = 0; i < elements.Count; i++)
        {
            X509Certificate2 certificate = elements[i].Certificate;
            X509Certificate2 issuer = elements[Math.Min(i + 1, elements.Count - 1)].Certificate;
            if (Check(certificate, issuer, now) is { } problem)
            {
                return problem;
            }
        }

        return null;
    }

    private string? Check(X509Certificate2 certificate, X509Certificate2 issuer, DateTimeOffset now)
    {
        string problem = "unable to get certificate CRL";
        foreach (RevocationList list in _lists)
        {
            if (!list.IsIssuedBy(issuer))
            {
                continue;
            }

            if (list.ThisUpdate > now)
            {
                problem = "CRL is not yet valid";
            }
            else if (list.NextUpdate < now)
            {
                problem = "CRL has expired";
            }
            else
            {
                return list.Revokes(certificate) ? "certificate revoked" : null;
            }
        }

        return problem;
    }

    /// <summary>PEM lists, any number of them, or one DER list.</summary>
    /// <returns>False when the file holds no list or cannot be read.</returns>
    private static bool TryReadFile(string path, List<RevocationList> lists)
    {
        byte[] content;
        try
        {
            content = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }

        int before = lists.Count;
        try
        {
            ReadOnlySpan<char> text = Encoding.ASCII.GetString(content);
            bool pem = false;
            while (PemEncoding.TryFind(text, out PemFields fields))
            {
                pem = true;
                if (text[fields.Label].SequenceEqual(PemLabel))
                {
                    lists.Add(RevocationList.Parse(Convert.FromBase64String(text[fields.Base64Data].ToString())));
                }

                text = text[fields.Location.End..];
            }

            if (!pem)
            {
                lists.Add(RevocationList.Parse(content));
            }
        }
        catch (Exception ex) when (ex is AsnContentException or FormatException)
        {
            lists.RemoveRange(before, lists.Count - before);
        }

        return lists.Count > before;
    }

    [GeneratedRegex("^[0-9a-f]{8}\\.r[0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex HashedName();
}
