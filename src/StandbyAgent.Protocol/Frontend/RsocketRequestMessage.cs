using System.Buffers;

namespace StandbyAgent.Protocol.Frontend;

/// <summary>
/// Postgres Pro's rsocket request ('R', length 4, no body): sent after ReadyForQuery on a
/// with_rsocket connection, it asks the backend to continue the session over rsocket (RDMA).
/// The backend answers with <see cref="Messages.RsocketPortReply"/>, or an ErrorResponse.
/// </summary>
public static class RsocketRequestMessage
{
    /// <summary>No PostgreSQL frontend message uses 'R', so a vanilla server rejects it as an invalid message type.</summary>
    public const FrontendMessageCode Code = (FrontendMessageCode)'R';

    /// <summary>The whole message on the wire: the code and a length word that counts only itself.</summary>
    public const int Length = 5;

    public static void Write(IBufferWriter<byte> output) =>
        FrontendWriter.WriteHeader(output, Code, 0);
}
