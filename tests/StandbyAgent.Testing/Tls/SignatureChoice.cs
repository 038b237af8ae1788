using System.Security.Cryptography;

namespace StandbyAgent.Testing.Tls;

/// <summary>How a test authority signs a certificate, which decides the hash of channel binding.</summary>
public sealed record SignatureChoice(HashAlgorithmName Hash, RSASignaturePadding Padding)
{
    public static SignatureChoice Sha256 { get; } = new(HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

    /// <summary>RSASSA-PSS with SHA-384: PostgreSQL bug #17760, and a hash other than SHA-256 for tls-server-end-point.</summary>
    public static SignatureChoice PssSha384 { get; } = new(HashAlgorithmName.SHA384, RSASignaturePadding.Pss);
}
