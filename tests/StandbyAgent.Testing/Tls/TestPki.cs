using System.Net;
using StandbyAgent.LocalCluster;

namespace StandbyAgent.Testing.Tls;

/// <summary>
/// The certificates TLS tests need, made at start and written to a private directory for clients
/// (the agent and psql alike): a trusted root CA and the server certificate it signed (for
/// <see cref="ServerName"/> and 127.0.0.1), an untrusted CA, a client certificate for
/// <see cref="TlsTestUsers.CertUser"/>, and revocation lists.
/// </summary>
public sealed class TestPki : IDisposable
{
    /// <summary>The name in the server certificate besides 127.0.0.1; connect with host=this hostaddr=127.0.0.1.</summary>
    public const string ServerName = "pg.standby.test";

    /// <summary>The passphrase of <see cref="EncryptedClientKeyFile"/>.</summary>
    public const string ClientKeyPassphrase = "key-passphrase";

    private readonly TestCertificateAuthority _root = new("StandbyAgent test root CA");
    private readonly TestCertificateAuthority _other = new("StandbyAgent untrusted CA");
    private readonly IssuedCertificate _server;
    private readonly IssuedCertificate _pssServer;
    private readonly IssuedCertificate _client;

    public TestPki()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("standby-pki-").FullName;
        _server = _root.IssueServer(ServerName, [ServerName], [IPAddress.Loopback]);
        _pssServer = _root.IssueServer(ServerName, [ServerName], [IPAddress.Loopback], SignatureChoice.PssSha384);
        _client = _root.IssueClient(TlsTestUsers.CertUser.Name);

        Write(RootCertificateFile, _root.CertificatePem);
        Write(UntrustedRootCertificateFile, _other.CertificatePem);
        Write(ClientCertificateFile, _client.CertificatePem);
        WritePrivate(ClientKeyFile, _client.PrivateKeyPem);
        WritePrivate(EncryptedClientKeyFile, _client.EncryptedPrivateKeyPem(ClientKeyPassphrase));
        Write(EmptyRevocationListFile, _root.RevocationListPem());
        Write(ServerRevokedListFile, _root.RevocationListPem(_server.Certificate));
        Write(OtherAuthorityRevocationListFile, _other.RevocationListPem());
    }

    /// <summary>Where the client-side files are.</summary>
    public string Directory { get; }

    /// <summary>The root that signed every server and client certificate here.</summary>
    public string RootCertificateFile => Path.Combine(Directory, "root.crt");

    /// <summary>A root that signed none of them.</summary>
    public string UntrustedRootCertificateFile => Path.Combine(Directory, "untrusted-root.crt");

    public string ClientCertificateFile => Path.Combine(Directory, "client.crt");

    /// <summary>The client key, mode 0600.</summary>
    public string ClientKeyFile => Path.Combine(Directory, "client.key");

    /// <summary>The client key as encrypted PKCS#8, mode 0600.</summary>
    public string EncryptedClientKeyFile => Path.Combine(Directory, "client-encrypted.key");

    /// <summary>A current list from the root that revokes nothing.</summary>
    public string EmptyRevocationListFile => Path.Combine(Directory, "root-empty.crl");

    /// <summary>A current list from the root that revokes the usual server certificate.</summary>
    public string ServerRevokedListFile => Path.Combine(Directory, "root-revokes-server.crl");

    /// <summary>A list from the untrusted authority: it cannot vouch for the server's certificate.</summary>
    public string OtherAuthorityRevocationListFile => Path.Combine(Directory, "other-ca.crl");

    /// <summary>The server's TLS with the usual certificate (RSA, SHA-256), trusting the root for client certificates.</summary>
    public ServerTls ServerTls => new(_server.CertificatePem, _server.PrivateKeyPem, _root.CertificatePem);

    /// <summary>The same, with a certificate signed with RSASSA-PSS and SHA-384.</summary>
    public ServerTls PssServerTls => new(_pssServer.CertificatePem, _pssServer.PrivateKeyPem, _root.CertificatePem);

    /// <summary>A path in <see cref="Directory"/> for a file a test writes itself.</summary>
    public string PathOf(string name) => Path.Combine(Directory, name);

    public void Dispose()
    {
        _server.Dispose();
        _pssServer.Dispose();
        _client.Dispose();
        _root.Dispose();
        _other.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }

    private static void Write(string path, string content) => File.WriteAllText(path, content);

    private static void WritePrivate(string path, string content)
    {
        using var file = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        });
        using var writer = new StreamWriter(file);
        writer.Write(content);
    }
}
