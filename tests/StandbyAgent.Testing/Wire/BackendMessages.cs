using System.Buffers;
using System.Text;
using StandbyAgent.Protocol;
using StandbyAgent.Protocol.Framing;

namespace StandbyAgent.Testing.Wire;

/// <summary>
/// Server messages built byte by byte from the layouts in the protocol documentation
/// (receivers.md 3.3), so that the parsers are never tested against their own writers.
/// </summary>
public static class BackendMessages
{
    public const int TextOid = 25;
    public const int Int4Oid = 23;
    public const int Int8Oid = 20;
    public const int ByteaOid = 17;

    /// <summary>Code byte, Int32 length (payload + 4), payload.</summary>
    public static byte[] Frame(BackendMessageCode code, ReadOnlySpan<byte> payload) =>
        Frame((byte)code, payload.Length + sizeof(int), payload);

    /// <summary>A frame whose length word is whatever the caller says, true or not.</summary>
    public static byte[] Frame(byte code, int lengthWord, ReadOnlySpan<byte> payload) =>
        new PayloadBuilder().Byte(code).Int32(lengthWord).Bytes(payload).ToArray();

    public static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(part => part)];

    /// <summary>A frame as the frame reader would hand it over, for state machines.</summary>
    public static BackendFrame ToBackendFrame(BackendMessageCode code, byte[] payload) =>
        new(code, new ReadOnlySequence<byte>(payload));

    /// <summary>ErrorResponse / NoticeResponse: (Byte1 field code, C string)*, then a NUL.</summary>
    public static byte[] Notice(params (char Field, string Value)[] fields)
    {
        var payload = new PayloadBuilder();
        foreach ((char field, string value) in fields)
        {
            payload.Byte(checked((byte)field)).CString(value);
        }

        return payload.Byte(0).ToArray();
    }

    public static byte[] Error(string severity, string sqlState, string message) =>
        Notice(('S', severity), ('V', severity), ('C', sqlState), ('M', message));

    public static byte[] Authentication(AuthenticationRequestType type, ReadOnlySpan<byte> data = default) =>
        Authentication((int)type, data);

    public static byte[] Authentication(int type, ReadOnlySpan<byte> data = default) =>
        new PayloadBuilder().Int32(type).Bytes(data).ToArray();

    /// <summary>The data of AuthenticationSASL: each mechanism as a C string, then a NUL.</summary>
    public static byte[] SaslMechanisms(params string[] mechanisms)
    {
        var data = new PayloadBuilder();
        foreach (string mechanism in mechanisms)
        {
            data.CString(mechanism);
        }

        return data.Byte(0).ToArray();
    }

    public static byte[] ParameterStatus(string name, string value) =>
        new PayloadBuilder().CString(name).CString(value).ToArray();

    public static byte[] BackendKeyData(int processId, int secretKey) =>
        new PayloadBuilder().Int32(processId).Int32(secretKey).ToArray();

    public static byte[] ReadyForQuery(char status = 'I') =>
        new PayloadBuilder().Byte(checked((byte)status)).ToArray();

    public static byte[] CommandComplete(string tag) => new PayloadBuilder().CString(tag).ToArray();

    /// <summary>Int8 overall format, Int16 column count, Int16 format per column.</summary>
    public static byte[] CopyBothResponse(byte overallFormat = 0, params short[] columnFormats)
    {
        var payload = new PayloadBuilder().Byte(overallFormat).Int16(checked((short)columnFormats.Length));
        foreach (short format in columnFormats)
        {
            payload.Int16(format);
        }

        return payload.ToArray();
    }

    public static byte[] NegotiateProtocolVersion(int newestMinor, params string[] options)
    {
        var payload = new PayloadBuilder().Int32(newestMinor).Int32(options.Length);
        foreach (string option in options)
        {
            payload.CString(option);
        }

        return payload.ToArray();
    }

    /// <summary>
    /// Int16 count, then per column: name, table OID, attribute number, type OID, type length,
    /// type modifier, format code.
    /// </summary>
    public static byte[] RowDescription(params (string Name, int TypeOid)[] columns)
    {
        var payload = new PayloadBuilder().Int16(checked((short)columns.Length));
        foreach ((string name, int typeOid) in columns)
        {
            AppendColumn(payload, name, typeOid);
        }

        return payload.ToArray();
    }

    public static PayloadBuilder AppendColumn(PayloadBuilder payload, string name, int typeOid) =>
        payload.CString(name).Int32(0).Int16(0).Int32(typeOid).Int16(-1).Int32(-1).Int16(0);

    /// <summary>Int16 count, then per column Int32 length (-1 for NULL) and the bytes.</summary>
    public static byte[] DataRow(params string?[] values) =>
        DataRowBytes([.. values.Select(value => value is null ? null : Encoding.UTF8.GetBytes(value))]);

    public static byte[] DataRowBytes(params byte[]?[] values)
    {
        var payload = new PayloadBuilder().Int16(checked((short)values.Length));
        foreach (byte[]? value in values)
        {
            if (value is null)
            {
                payload.Int32(-1);
            }
            else
            {
                payload.Int32(value.Length).Bytes(value);
            }
        }

        return payload.ToArray();
    }

    /// <summary>'w', Int64 dataStart, Int64 walEnd, Int64 sendTime, WAL bytes.</summary>
    public static byte[] XLogData(ulong dataStart, ulong walEnd, long sendTime, ReadOnlySpan<byte> wal) =>
        new PayloadBuilder().Byte((byte)'w').UInt64(dataStart).UInt64(walEnd).Int64(sendTime).Bytes(wal).ToArray();

    /// <summary>'k', Int64 walEnd, Int64 sendTime, Byte1 replyRequested.</summary>
    public static byte[] PrimaryKeepalive(ulong walEnd, long sendTime, byte replyRequested) =>
        new PayloadBuilder().Byte((byte)'k').UInt64(walEnd).Int64(sendTime).Byte(replyRequested).ToArray();
}
