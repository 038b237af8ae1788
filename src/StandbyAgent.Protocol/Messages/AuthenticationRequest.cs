using System.Buffers;
using StandbyAgent.Protocol.Framing;

namespace StandbyAgent.Protocol.Messages;

/// <summary>
/// An Authentication ('R') message: the request type and, depending on it, the MD5 salt, the
/// SASL mechanism list, or SASL challenge data.
/// </summary>
public readonly struct AuthenticationRequest
{
    private const int Md5SaltLength = 4;

    private AuthenticationRequest(AuthenticationRequestType type, ReadOnlySequence<byte> data)
    {
        Type = type;
        Data = data;
    }

    public AuthenticationRequestType Type { get; }

    /// <summary>Bytes after the request type (salt, mechanisms, or SASL data).</summary>
    public ReadOnlySequence<byte> Data { get; }

    public static AuthenticationRequest Parse(ReadOnlySequence<byte> payload)
    {
        var reader = new PayloadReader(payload, "Authentication");
        var type = (AuthenticationRequestType)reader.ReadInt32();
        ReadOnlySequence<byte> data = reader.ReadToEnd();
        bool wellFormed = type switch
        {
            AuthenticationRequestType.Ok or AuthenticationRequestType.CleartextPassword => data.IsEmpty,
            AuthenticationRequestType.Md5Password => data.Length == Md5SaltLength,
            _ => true,
        };
        if (!wellFormed)
        {
            throw reader.Violation($"request type {(int)type} carries {data.Length} bytes of data");
        }

        return new AuthenticationRequest(type, data);
    }

    /// <summary>The mechanism names of an AuthenticationSASL message.</summary>
    public IReadOnlyList<string> ReadSaslMechanisms()
    {
        var reader = new PayloadReader(Data, "AuthenticationSASL");
        var mechanisms = new List<string>();
        while (true)
        {
            string mechanism = reader.ReadCString();
            if (mechanism.Length == 0)
            {
                break;
            }

            mechanisms.Add(mechanism);
        }

        reader.EnsureEnd();
        if (mechanisms.Count == 0)
        {
            throw reader.Violation("the server offered no SASL mechanism");
        }

        return mechanisms;
    }
}
