using System.Security.Cryptography;
using StandbyAgent.Protocol.Authentication;
using StandbyAgent.Replication.Configuration;
using StandbyAgent.Replication.Connection.Tls;
using StandbyAgent.Replication.Tests.Configuration;
using Xunit;

namespace StandbyAgent.Replication.Tests.Security;

/// <summary>
/// libpq's rule for the client key (reliability.md H9, S10): 0600 or less, or 0640 or less when root
/// owns it; a regular file; PEM or DER; encrypted PKCS#8 only with sslpassword.
/// </summary>
public sealed class ClientKeyFileTests : IDisposable
{
    private const string RsaOid = "1.2.840.113549.1.1.1";
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Shared: RSA keys are slow to make, and no test changes it.</summary>
    private static readonly RSA s_key = RSA.Create(2048);

    private readonly TemporaryDirectory _directory = new();

    [Theory]
    [InlineData(OwnerReadWrite)]
    [InlineData(UnixFileMode.UserRead)]
    public void A_key_only_its_owner_can_read_is_loaded(UnixFileMode mode)
    {
        string path = _directory.WriteFile("client.key", s_key.ExportPkcs8PrivateKeyPem(), mode);

        using AsymmetricAlgorithm key = ClientKeyFile.Read(path, RsaOid, passphrase: null);

        Assert.Equal(s_key.ExportRSAPublicKey(), ((RSA)key).ExportRSAPublicKey());
    }

    [Theory]
    [InlineData(OwnerReadWrite | UnixFileMode.GroupRead, 0u)]
    [InlineData(OwnerReadWrite | UnixFileMode.GroupRead, 1000u)]
    public void Group_read_is_allowed_only_when_root_owns_the_key(UnixFileMode mode, uint owner)
    {
        string path = _directory.WriteFile("client.key", s_key.ExportPkcs8PrivateKeyPem(), mode);
        File.SetUnixFileMode(path, mode);
        Chown(path, owner);

        if (owner == 0)
        {
            ClientKeyFile.Read(path, RsaOid, passphrase: null).Dispose();
        }
        else
        {
            var exception = Assert.Throws<ConnectionSettingsException>(() => ClientKeyFile.Read(path, RsaOid, passphrase: null));
            Assert.StartsWith($"private key file \"{path}\" has group or world access", exception.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(OwnerReadWrite | UnixFileMode.GroupWrite)]
    [InlineData(OwnerReadWrite | UnixFileMode.OtherRead)]
    [InlineData(OwnerReadWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead)]
    public void A_key_others_can_touch_is_refused_even_when_root_owns_it(UnixFileMode mode)
    {
        string path = _directory.WriteFile("client.key", s_key.ExportPkcs8PrivateKeyPem(), mode);

        var exception = Assert.Throws<ConnectionSettingsException>(() => ClientKeyFile.Read(path, RsaOid, passphrase: null));

        Assert.Equal(
            $"private key file \"{path}\" has group or world access; file must have permissions u=rw (0600) or less if owned by the current user, "
            + "or permissions u=rw,g=r (0640) or less if owned by root",
            exception.Message);
    }

    [Fact]
    public void A_missing_key_and_a_directory_are_refused_with_libpqs_messages()
    {
        string missing = Path.Combine(_directory.Path, "missing.key");
        string directory = Directory.CreateDirectory(Path.Combine(_directory.Path, "key-dir")).FullName;

        Assert.Equal($"certificate present, but not private key file \"{missing}\"", Assert.Throws<ConnectionSettingsException>(() => ClientKeyFile.Read(missing, RsaOid, null)).Message);
        Assert.Equal($"private key file \"{directory}\" is not a regular file", Assert.Throws<ConnectionSettingsException>(() => ClientKeyFile.Read(directory, RsaOid, null)).Message);
    }

    [Fact]
    public void Der_and_pkcs1_keys_are_read_too()
    {
        string der = Path.Combine(_directory.Path, "client.der");
        File.WriteAllBytes(der, s_key.ExportRSAPrivateKey());
        File.SetUnixFileMode(der, OwnerReadWrite);
        string pkcs1 = _directory.WriteFile("client-pkcs1.key", s_key.ExportRSAPrivateKeyPem());

        using AsymmetricAlgorithm fromDer = ClientKeyFile.Read(der, RsaOid, passphrase: null);
        using AsymmetricAlgorithm fromPkcs1 = ClientKeyFile.Read(pkcs1, RsaOid, passphrase: null);

        Assert.Equal(s_key.ExportRSAPublicKey(), ((RSA)fromDer).ExportRSAPublicKey());
        Assert.Equal(s_key.ExportRSAPublicKey(), ((RSA)fromPkcs1).ExportRSAPublicKey());
    }

    [Fact]
    public void An_encrypted_key_needs_the_right_sslpassword_which_no_message_repeats()
    {
        const string Passphrase = "correct horse";
        string path = _directory.WriteFile(
            "client.key", s_key.ExportEncryptedPkcs8PrivateKeyPem(Passphrase, new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 1000)));
        using var right = new Password(Passphrase);
        using var wrong = new Password("battery staple");

        ClientKeyFile.Read(path, RsaOid, right).Dispose();
        var withoutPassword = Assert.Throws<ConnectionSettingsException>(() => ClientKeyFile.Read(path, RsaOid, passphrase: null));
        var withWrongPassword = Assert.Throws<ConnectionSettingsException>(() => ClientKeyFile.Read(path, RsaOid, wrong));

        Assert.EndsWith("the key is encrypted and no sslpassword was given", withoutPassword.Message, StringComparison.Ordinal);
        Assert.StartsWith($"could not load private key file \"{path}\"", withWrongPassword.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("battery", withWrongPassword.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _directory.Dispose();

    private static void Chown(string path, uint owner)
    {
        using var process = System.Diagnostics.Process.Start("chown", [owner.ToString(System.Globalization.CultureInfo.InvariantCulture), path]);
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
    }
}
