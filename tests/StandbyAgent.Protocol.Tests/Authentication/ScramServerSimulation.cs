using System.Security.Cryptography;
using System.Text;

namespace StandbyAgent.Protocol.Tests.Authentication;

/// <summary>
/// The server's side of SCRAM-SHA-256(-PLUS), written from RFC 5802 independently of the client,
/// for exchanges the tests drive to the end. It checks the client's c= attribute against the
/// binding data the server expects, as PostgreSQL does.
/// </summary>
internal sealed class ScramServerSimulation(string password, byte[] expectedChannelBindingInput)
{
    private const int Iterations = 4096;
    private static readonly byte[] s_salt = Encoding.ASCII.GetBytes("standby-salt");

    private string _clientFirstBare = string.Empty;
    private string _serverFirst = string.Empty;

    /// <param name="clientFirst">The SASLInitialResponse data: GS2 header, then the bare message.</param>
    public byte[] ServerFirst(byte[] clientFirst)
    {
        string message = Encoding.ASCII.GetString(clientFirst);
        _clientFirstBare = message[(message.IndexOf(",,", StringComparison.Ordinal) + 2)..];
        string clientNonce = _clientFirstBare[(_clientFirstBare.IndexOf("r=", StringComparison.Ordinal) + 2)..];
        _serverFirst = $"r={clientNonce}server-part,s={Convert.ToBase64String(s_salt)},i={Iterations}";
        return Encoding.ASCII.GetBytes(_serverFirst);
    }

    /// <returns>v= with the server signature, after checking the channel binding the client sent.</returns>
    public byte[] ServerFinal(byte[] clientFinal)
    {
        string message = Encoding.ASCII.GetString(clientFinal);
        string withoutProof = message[..message.IndexOf(",p=", StringComparison.Ordinal)];
        Assert.Equal("c=" + Convert.ToBase64String(expectedChannelBindingInput), withoutProof[..withoutProof.IndexOf(",r=", StringComparison.Ordinal)]);
        byte[] salted = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), s_salt, Iterations, HashAlgorithmName.SHA256, 32);
        byte[] serverKey = HMACSHA256.HashData(salted, "Server Key"u8);
        byte[] signature = HMACSHA256.HashData(serverKey, Encoding.ASCII.GetBytes($"{_clientFirstBare},{_serverFirst},{withoutProof}"));
        return Encoding.ASCII.GetBytes("v=" + Convert.ToBase64String(signature));
    }
}
