using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using StandbyAgent.Protocol;
using StandbyAgent.Protocol.Messages;

namespace StandbyAgent.Relay;

/// <summary>
/// A FATAL ErrorResponse from the relay itself, so a client learns why its rsocket request failed
/// the way it would from a Postgres Pro server: as an error, not a dropped connection.
/// </summary>
internal static class RelayErrorResponse
{
    /// <summary>SQLSTATE 57P03, cannot_connect_now: what Postgres Pro answers when it cannot serve an rsocket request.</summary>
    public const string CannotConnectNow = "57P03";

    public static byte[] Create(string sqlState, string message)
    {
        var body = new ArrayBufferWriter<byte>();
        (byte Field, string Value)[] fields =
        [
            (PostgresNotice.SeverityField, "FATAL"),
            (PostgresNotice.SeverityNonLocalizedField, "FATAL"),
            (PostgresNotice.SqlStateField, sqlState),
            (PostgresNotice.MessageField, message),
        ];
        foreach ((byte field, string value) in fields)
        {
            body.Write([field]);
            body.Write(Encoding.UTF8.GetBytes(value));
            body.Write([(byte)0]);
        }

        body.Write([(byte)0]);
        byte[] frame = new byte[1 + sizeof(int) + body.WrittenCount];
        frame[0] = (byte)BackendMessageCode.ErrorResponse;
        BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(1), sizeof(int) + body.WrittenCount);
        body.WrittenSpan.CopyTo(frame.AsSpan(1 + sizeof(int)));
        return frame;
    }
}
