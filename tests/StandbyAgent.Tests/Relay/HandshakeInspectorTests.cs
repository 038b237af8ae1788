using StandbyAgent.Protocol;
using StandbyAgent.Relay;
using StandbyAgent.Testing.Wire;

namespace StandbyAgent.Tests.Relay;

/// <summary>How the relay finds the rsocket request in a session it otherwise passes through unchanged.</summary>
public sealed class HandshakeInspectorTests
{
    private static readonly byte[] s_startup = new PayloadBuilder().Int32(4 + 4 + 5 + 11 + 1).Int32(3 << 16).CString("user").CString("replicator").Byte(0).ToArray();
    private static readonly byte[] s_password = BackendMessages.Concat([(byte)'p', 0, 0, 0, 9], "pass\0"u8.ToArray());
    private static readonly byte[] s_rsocketRequest = [(byte)'R', 0, 0, 0, 4];
    private static readonly byte[] s_sslRequest = new PayloadBuilder().Int32(8).Int32((1234 << 16) | 5679).ToArray();

    private static readonly byte[] s_authenticationOk = BackendMessages.Frame(BackendMessageCode.AuthenticationRequest, BackendMessages.Authentication(0));
    private static readonly byte[] s_readyForQuery = BackendMessages.Frame(BackendMessageCode.ReadyForQuery, BackendMessages.ReadyForQuery());

    private readonly HandshakeInspector _inspector = new();

    [Fact]
    public void After_ready_for_query_the_request_is_found_and_held_back()
    {
        Assert.Equal(s_startup.Length, Client(s_startup, out _));
        _inspector.FromServer(BackendMessages.Concat(s_authenticationOk, s_readyForQuery));

        int forwarded = Client(BackendMessages.Concat(s_password, s_rsocketRequest), out bool requested);

        Assert.True(requested);
        Assert.Equal(s_password.Length, forwarded);
    }

    [Fact]
    public void A_request_split_across_reads_is_still_found()
    {
        Client(s_startup, out _);
        _inspector.FromServer(s_readyForQuery);

        Assert.Equal(0, Client(s_rsocketRequest[..2], out bool early));
        Assert.Equal(0, Client(s_rsocketRequest[2..], out bool complete));

        Assert.False(early);
        Assert.True(complete);
    }

    [Fact]
    public void Server_messages_split_anywhere_are_followed()
    {
        Client(s_startup, out _);
        byte[] server = BackendMessages.Concat(s_authenticationOk, BackendMessages.Frame(BackendMessageCode.ParameterStatus, BackendMessages.ParameterStatus("server_version", "15.20")), s_readyForQuery);
        foreach (byte value in server)
        {
            _inspector.FromServer([value]);
        }

        Client(s_rsocketRequest, out bool requested);

        Assert.True(requested);
    }

    [Fact]
    public void An_r_before_the_server_is_ready_goes_to_the_server_which_will_refuse_it()
    {
        Client(s_startup, out _);
        _inspector.FromServer(s_authenticationOk);

        int forwarded = Client(s_rsocketRequest, out bool requested);

        Assert.False(requested);
        Assert.Equal(s_rsocketRequest.Length, forwarded);
    }

    [Fact]
    public void An_r_inside_another_message_is_data()
    {
        Client(s_startup, out _);
        _inspector.FromServer(s_readyForQuery);
        byte[] query = BackendMessages.Concat([(byte)'Q', 0, 0, 0, 10], "R\0\0\0\u0004\0"u8.ToArray());

        int forwarded = Client(query, out bool requested);

        Assert.False(requested);
        Assert.Equal(query.Length, forwarded);
    }

    [Fact]
    public void A_refused_ssl_request_is_followed_by_the_startup_packet()
    {
        Assert.Equal(s_sslRequest.Length, Client(s_sslRequest, out _));
        _inspector.FromServer("N"u8);
        Client(s_startup, out _);
        _inspector.FromServer(s_readyForQuery);

        Client(s_rsocketRequest, out bool requested);

        Assert.True(requested);
    }

    [Fact]
    public void An_encrypted_session_is_passed_through_without_looking()
    {
        Client(s_sslRequest, out _);
        _inspector.FromServer("S"u8);
        _inspector.FromServer(s_readyForQuery);

        int forwarded = Client(s_rsocketRequest, out bool requested);

        Assert.False(requested);
        Assert.Equal(s_rsocketRequest.Length, forwarded);
    }

    [Fact]
    public void Anything_after_the_request_is_a_protocol_violation()
    {
        Client(s_startup, out _);
        _inspector.FromServer(s_readyForQuery);

        var error = Assert.Throws<InvalidDataException>(() => Client(BackendMessages.Concat(s_rsocketRequest, [(byte)'X']), out _));

        Assert.Equal("the client sent data after its rsocket request", error.Message);
    }

    [Fact]
    public void An_r_with_a_body_is_not_the_rsocket_request()
    {
        Client(s_startup, out _);
        _inspector.FromServer(s_readyForQuery);

        var error = Assert.Throws<InvalidDataException>(() => Client([(byte)'R', 0, 0, 0, 8, 1, 2, 3, 4], out _));

        Assert.Equal("the client sent an 'R' message that is not an rsocket request", error.Message);
    }

    private int Client(byte[] data, out bool requested) => _inspector.FromClient(data, out requested);
}
