using System.Buffers;
using StandbyAgent.Protocol;
using StandbyAgent.Protocol.Frontend;
using StandbyAgent.Transport;

namespace StandbyAgent.Replication.Connection.Tls;

/// <summary>
/// The server's one-byte answer to SSLRequest, judged as libpq judges it since the fixes for
/// CVE-2021-23222 and CVE-2024-10977: anything after an 'S' arrived unencrypted and could have been
/// injected, so it ends the attempt; an 'E' comes from a server nobody has authenticated yet, so its
/// message is neither read nor shown.
/// </summary>
internal static class SslRequestAnswer
{
    /// <param name="received">Everything received since SSLRequest; not empty.</param>
    /// <returns>True for 'S' (go on with TLS), false for 'N' (the server has no TLS).</returns>
    /// <exception cref="TransportException">Any other answer.</exception>
    public static bool Interpret(ReadOnlySequence<byte> received)
    {
        byte answer = received.FirstSpan[0];
        return answer switch
        {
            SslRequest.Accepted when received.Length > 1 => throw new TransportException("received unencrypted data after SSL response"),
            SslRequest.Accepted => true,
            SslRequest.Refused => false,
            (byte)BackendMessageCode.ErrorResponse => throw new TransportException("server sent an error response during SSL exchange"),
            _ => throw new TransportException($"received invalid response to SSL negotiation: {Printable(answer)}"),
        };
    }

    private static string Printable(byte answer) => answer is >= 0x21 and <= 0x7E ? ((char)answer).ToString() : $"0x{answer:X2}";
}
