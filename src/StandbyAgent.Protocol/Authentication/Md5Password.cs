using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;

namespace StandbyAgent.Protocol.Authentication;

/// <summary>
/// PostgreSQL's MD5 password response: "md5" + hex(md5(hex(md5(password + user)) + salt)), hex in
/// lower case. MD5 is broken; it is here only because md5 pg_hba.conf lines still ask for it.
/// </summary>
public static class Md5Password
{
    private const int SaltLength = 4;
    private const int HexLength = MD5.HashSizeInBytes * 2;

    private static ReadOnlySpan<byte> Prefix => "md5"u8;

    /// <param name="salt">The four bytes of the AuthenticationMD5Password request.</param>
    /// <returns>The ASCII response for a PasswordMessage.</returns>
    public static byte[] Compute(string user, Password password, ReadOnlySpan<byte> salt)
    {
        if (salt.Length != SaltLength)
        {
            throw new ArgumentException($"an MD5 salt is {SaltLength} bytes, not {salt.Length}", nameof(salt));
        }

        // The inner hash is what pg_authid stores for an MD5 role: anyone holding it can log in.
        Span<byte> hash = stackalloc byte[MD5.HashSizeInBytes];
        Span<byte> innerHex = stackalloc byte[HexLength];
        try
        {
            using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
            using (PasswordBytes passwordBytes = PasswordBytes.Encode(password))
            {
                md5.AppendData(passwordBytes.Span);
            }

            md5.AppendData(Encoding.UTF8.GetBytes(user));
            md5.GetHashAndReset(hash);
            WriteHex(hash, innerHex);

            md5.AppendData(innerHex);
            md5.AppendData(salt);
            md5.GetHashAndReset(hash);

            byte[] response = new byte[Prefix.Length + HexLength];
            Prefix.CopyTo(response);
            WriteHex(hash, response.AsSpan(Prefix.Length));
            return response;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(hash);
            CryptographicOperations.ZeroMemory(innerHex);
        }
    }

    private static void WriteHex(ReadOnlySpan<byte> hash, Span<byte> destination)
    {
        bool fits = Convert.TryToHexStringLower(hash, destination, out _);
        Debug.Assert(fits, "the destination holds two hex digits per byte");
    }
}
