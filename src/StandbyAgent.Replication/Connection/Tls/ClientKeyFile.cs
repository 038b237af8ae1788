using System.Security.Cryptography;
using System.Text;
using StandbyAgent.Protocol.Authentication;
using StandbyAgent.Replication.Configuration;

namespace StandbyAgent.Replication.Connection.Tls;

/// <summary>
/// The client certificate's private key, read as libpq reads it: a regular file that group and
/// others cannot touch (0600 or less; 0640 or less when root owns it, for system-wide keys), in PEM
/// or DER, encrypted PKCS#8 opened with sslpassword. The file's bytes are wiped once imported.
/// </summary>
internal static class ClientKeyFile
{
    private const uint RootUserId = 0;

    private const UnixFileMode GroupAndOther =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>What root may leave open: group read, for keys shared through a group.</summary>
    private const UnixFileMode RootOwnedForbidden = GroupAndOther & ~UnixFileMode.GroupRead;

    /// <exception cref="ConnectionSettingsException">The file is missing, too open, or not a key this client can read.</exception>
    public static AsymmetricAlgorithm Read(string path, string publicKeyOid, Password? passphrase)
    {
        CheckPermissions(path);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ConnectionSettingsException($"could not load private key file \"{path}\": {ex.Message}");
        }

        char[] text = Encoding.ASCII.GetChars(bytes);
        AsymmetricAlgorithm key = CreateKey(path, publicKeyOid);
        try
        {
            Import(key, bytes, text, passphrase);
            return key;
        }
        catch (CryptographicException ex)
        {
            key.Dispose();
            throw new ConnectionSettingsException($"could not load private key file \"{path}\": {ex.Message}");
        }
        catch (ArgumentException ex)
        {
            key.Dispose();
            throw new ConnectionSettingsException($"could not load private key file \"{path}\": {ex.Message}");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
            Array.Clear(text);
        }
    }

    private static void CheckPermissions(string path)
    {
        UnixFileStatus status = UnixFileType.Stat(path);
        if (status.Kind == FileKind.Missing)
        {
            throw new ConnectionSettingsException($"certificate present, but not private key file \"{path}\"");
        }

        if (status.Kind != FileKind.RegularFile)
        {
            throw new ConnectionSettingsException($"private key file \"{path}\" is not a regular file");
        }

        UnixFileMode forbidden = status.OwnerId == RootUserId ? RootOwnedForbidden : GroupAndOther;
        if ((status.Mode & forbidden) != 0)
        {
            throw new ConnectionSettingsException(
                $"private key file \"{path}\" has group or world access; file must have permissions u=rw (0600) or less if owned by the current user, "
                + "or permissions u=rw,g=r (0640) or less if owned by root");
        }
    }

    private static AsymmetricAlgorithm CreateKey(string path, string publicKeyOid) => publicKeyOid switch
    {
        "1.2.840.113549.1.1.1" => RSA.Create(),
        "1.2.840.10045.2.1" => ECDsa.Create(),
        _ => throw new ConnectionSettingsException(
            $"could not load private key file \"{path}\": only RSA and ECDSA client certificates are supported"),
    };

    /// <summary>PEM first, as libpq tries it first; DER (PKCS#8, then the algorithm's own form) otherwise.</summary>
    private static void Import(AsymmetricAlgorithm key, byte[] bytes, char[] text, Password? passphrase)
    {
        if (PemEncoding.TryFind(text, out PemFields fields))
        {
            bool encrypted = text.AsSpan()[fields.Label].SequenceEqual("ENCRYPTED PRIVATE KEY");
            if (!encrypted)
            {
                key.ImportFromPem(text);
            }
            else if (passphrase is not null)
            {
                key.ImportFromEncryptedPem(text, passphrase.Span);
            }
            else
            {
                throw new CryptographicException("the key is encrypted and no sslpassword was given");
            }

            return;
        }

        if (text.AsSpan().IndexOf("-----BEGIN") >= 0)
        {
            throw new CryptographicException(
                "the PEM key cannot be read; keys encrypted in OpenSSL's legacy format are not supported: convert them with \"openssl pkcs8 -topk8\"");
        }

        try
        {
            key.ImportPkcs8PrivateKey(bytes, out _);
        }
        catch (CryptographicException)
        {
            switch (key)
            {
                case RSA rsa:
                    rsa.ImportRSAPrivateKey(bytes, out _);
                    break;
                case ECDsa ecdsa:
                    ecdsa.ImportECPrivateKey(bytes, out _);
                    break;
            }
        }
    }
}
