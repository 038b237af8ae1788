using System.Security.Cryptography;

namespace StandbyAgent.Protocol.Authentication;

/// <summary>
/// The SCRAM-SHA-256 computations of RFC 5802 section 3: from the prepared password, the salt,
/// the iteration count and the AuthMessage to the proof the client sends and the signature it
/// expects from the server. Every intermediate key is wiped before returning.
/// </summary>
internal static class ScramSha256Proofs
{
    public const int Length = SHA256.HashSizeInBytes;

    private static ReadOnlySpan<byte> ClientKeyName => "Client Key"u8;

    private static ReadOnlySpan<byte> ServerKeyName => "Server Key"u8;

    public static void Compute(
        ReadOnlySpan<byte> password,
        ReadOnlySpan<byte> salt,
        int iterationCount,
        ReadOnlySpan<byte> authMessage,
        Span<byte> clientProof,
        Span<byte> serverSignature)
    {
        Span<byte> saltedPassword = stackalloc byte[Length];
        Span<byte> clientKey = stackalloc byte[Length];
        Span<byte> storedKey = stackalloc byte[Length];
        Span<byte> serverKey = stackalloc byte[Length];
        try
        {
            Rfc2898DeriveBytes.Pbkdf2(password, salt, saltedPassword, iterationCount, HashAlgorithmName.SHA256);

            HMACSHA256.HashData(saltedPassword, ClientKeyName, clientKey);
            SHA256.HashData(clientKey, storedKey);
            HMACSHA256.HashData(storedKey, authMessage, clientProof);
            for (int i = 0; i < Length; i++)
            {
                // ClientProof = ClientKey XOR ClientSignature, computed over the signature in place.
                clientProof[i] ^= clientKey[i];
            }

            HMACSHA256.HashData(saltedPassword, ServerKeyName, serverKey);
            HMACSHA256.HashData(serverKey, authMessage, serverSignature);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(saltedPassword);
            CryptographicOperations.ZeroMemory(clientKey);
            CryptographicOperations.ZeroMemory(storedKey);
            CryptographicOperations.ZeroMemory(serverKey);
        }
    }
}
