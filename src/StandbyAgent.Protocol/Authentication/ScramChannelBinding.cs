using System.Text;

namespace StandbyAgent.Protocol.Authentication;

/// <summary>
/// What the GS2 header of a SCRAM exchange says about channel binding (RFC 5802 section 6), and the
/// data it binds to. The client-final-message repeats the header with the data in its c= attribute,
/// so the server sees a downgrade.
/// </summary>
public sealed class ScramChannelBinding
{
    private readonly byte[] _gs2Header;
    private readonly byte[] _data;

    private ScramChannelBinding(string gs2Header, byte[] data)
    {
        _gs2Header = Encoding.ASCII.GetBytes(gs2Header);
        _data = data;
    }

    /// <summary>"n": no TLS, or channel_binding=disable.</summary>
    public static ScramChannelBinding None { get; } = new("n,,", []);

    /// <summary>
    /// "y": this client could bind but the server did not offer SCRAM-SHA-256-PLUS. A server that
    /// did offer it (and so had it removed on the way) rejects the exchange.
    /// </summary>
    public static ScramChannelBinding NotOfferedByServer { get; } = new("y,,", []);

    /// <summary>True for SCRAM-SHA-256-PLUS.</summary>
    public bool IsBound => _data.Length > 0;

    /// <summary>The SASL mechanism that carries this header.</summary>
    public string Mechanism => IsBound ? ScramSha256Client.PlusMechanism : ScramSha256Client.Mechanism;

    internal ReadOnlySpan<byte> Gs2Header => _gs2Header;

    /// <summary>"p=tls-server-end-point": bound to the hash of the server's certificate.</summary>
    public static ScramChannelBinding TlsServerEndPoint(byte[] certificateHash) =>
        certificateHash.Length > 0
            ? new ScramChannelBinding("p=tls-server-end-point,,", certificateHash)
            : throw new ArgumentException("channel binding data cannot be empty", nameof(certificateHash));

    /// <summary>The value of the c= attribute: base64 of the GS2 header followed by the binding data.</summary>
    internal byte[] ChannelBindingAttribute() =>
        [.. "c="u8, .. Encoding.ASCII.GetBytes(Convert.ToBase64String([.. _gs2Header, .. _data]))];
}
