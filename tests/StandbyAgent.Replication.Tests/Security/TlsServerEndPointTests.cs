using System.Buffers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using StandbyAgent.Protocol;
using StandbyAgent.Protocol.Authentication;
using StandbyAgent.Protocol.Framing;
using StandbyAgent.Protocol.Startup;
using StandbyAgent.Replication.Connection.Tls;
using StandbyAgent.Testing.Wire;
using Xunit;

namespace StandbyAgent.Replication.Tests.Security;

/// <summary>
/// The hash of tls-server-end-point (RFC 5929 section 4.1): the certificate's own signature hash,
/// SHA-256 instead of MD5 or SHA-1, and the hash inside RSASSA-PSS parameters (PostgreSQL bug #17760).
/// </summary>
public sealed class TlsServerEndPointTests
{
    public static TheoryData<string, Func<X509Certificate2>, HashAlgorithmName> Certificates => new()
    {
        { "RSA SHA-256", () => TestCertificates.SignedWith(HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1), HashAlgorithmName.SHA256 },
        { "RSA SHA-384", () => TestCertificates.SignedWith(HashAlgorithmName.SHA384, RSASignaturePadding.Pkcs1), HashAlgorithmName.SHA384 },
        { "RSA SHA-512", () => TestCertificates.SignedWith(HashAlgorithmName.SHA512, RSASignaturePadding.Pkcs1), HashAlgorithmName.SHA512 },
        { "RSA SHA-1, replaced", TestCertificates.SignedWithSha1, HashAlgorithmName.SHA256 },
        { "RSA-PSS SHA-256", () => TestCertificates.SignedWith(HashAlgorithmName.SHA256, RSASignaturePadding.Pss), HashAlgorithmName.SHA256 },
        { "RSA-PSS SHA-384", () => TestCertificates.SignedWith(HashAlgorithmName.SHA384, RSASignaturePadding.Pss), HashAlgorithmName.SHA384 },
        { "ECDSA SHA-512", () => TestCertificates.SignedWithEcdsa(HashAlgorithmName.SHA512), HashAlgorithmName.SHA512 },
    };

    [Theory]
    [MemberData(nameof(Certificates))]
    public void The_certificate_is_hashed_with_its_signature_hash(string description, Func<X509Certificate2> create, HashAlgorithmName expected)
    {
        using X509Certificate2 certificate = create();

        byte[] bound = BindingDataOf(TlsServerEndPoint.Of(certificate));

        Assert.True(CryptographicOperations.HashData(expected, certificate.RawData).SequenceEqual(bound), description);
    }

    /// <summary>
    /// The binding data as it reaches the wire: the c= attribute of a SCRAM-SHA-256-PLUS
    /// client-final-message, after the GS2 header.
    /// </summary>
    private static byte[] BindingDataOf(TlsChannelBinding binding)
    {
        using var password = new Password("s3cret");
        var handshake = new StartupHandshake([], "rep", password, authentication: new AuthenticationOptions { Tls = binding });
        var initial = new ArrayBufferWriter<byte>();
        handshake.Process(Request(AuthenticationRequestType.Sasl, BackendMessages.SaslMechanisms(ScramSha256Client.PlusMechanism)), initial);
        string clientFirst = Encoding.ASCII.GetString(initial.WrittenSpan);
        string nonce = clientFirst[(clientFirst.IndexOf("r=", StringComparison.Ordinal) + 2)..];
        var final = new ArrayBufferWriter<byte>();
        handshake.Process(Request(AuthenticationRequestType.SaslContinue, Encoding.ASCII.GetBytes($"r={nonce}x,s=c2FsdA==,i=1")), final);
        string clientFinal = Encoding.ASCII.GetString(final.WrittenSpan[5..]);
        byte[] channelBinding = Convert.FromBase64String(clientFinal[2..clientFinal.IndexOf(',', StringComparison.Ordinal)]);
        const string Header = "p=tls-server-end-point,,";
        Assert.Equal(Header, Encoding.ASCII.GetString(channelBinding, 0, Header.Length));
        return channelBinding[Header.Length..];
    }

    private static BackendFrame Request(AuthenticationRequestType type, byte[] data) =>
        BackendMessages.ToBackendFrame(BackendMessageCode.AuthenticationRequest, BackendMessages.Authentication(type, data));
}
