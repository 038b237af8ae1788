using System.Buffers;
using StandbyAgent.Protocol;
using StandbyAgent.Testing.Wire;

namespace StandbyAgent.Testing.FakeServer;

/// <summary>Server messages, buffered until <see cref="FlushAsync"/>; each returns the connection for chaining.</summary>
public sealed partial class FakeServerConnection
{
    public FakeServerConnection WriteMessage(BackendMessageCode code, ReadOnlySpan<byte> payload) =>
        WriteRaw(BackendMessages.Frame(code, payload));

    /// <summary>
    /// Sends <paramref name="bytes"/> of zeros straight away (what is buffered is sent first), or
    /// as many as the client takes before it closes the connection: what a server would send
    /// after a length word that promises more than any message may hold.
    /// </summary>
    /// <returns>The bytes sent before the client was gone.</returns>
    public async Task<long> FloodAsync(long bytes)
    {
        byte[] chunk = new byte[64 * 1024];
        long sent = 0;
        try
        {
            await FlushAsync();
            while (sent < bytes)
            {
                int length = (int)Math.Min(chunk.Length, bytes - sent);
                await _stream.WriteAsync(chunk.AsMemory(0, length), _deadline);
                sent += length;
            }
        }
        catch (IOException)
        {
            // The client closed the connection, as it should on an impossible length.
        }

        return sent;
    }

    /// <summary>Any bytes at all: truncated frames, impossible lengths, garbage.</summary>
    public FakeServerConnection WriteRaw(ReadOnlySpan<byte> bytes)
    {
        _outgoing.Write(bytes);
        return this;
    }

    public FakeServerConnection WriteAuthenticationOk() =>
        WriteMessage(BackendMessageCode.AuthenticationRequest, BackendMessages.Authentication(AuthenticationRequestType.Ok));

    public FakeServerConnection WriteAuthenticationCleartextPassword() =>
        WriteMessage(BackendMessageCode.AuthenticationRequest, BackendMessages.Authentication(AuthenticationRequestType.CleartextPassword));

    public FakeServerConnection WriteParameterStatus(string name, string value) =>
        WriteMessage(BackendMessageCode.ParameterStatus, BackendMessages.ParameterStatus(name, value));

    public FakeServerConnection WriteBackendKeyData(int processId, int secretKey) =>
        WriteMessage(BackendMessageCode.BackendKeyData, BackendMessages.BackendKeyData(processId, secretKey));

    public FakeServerConnection WriteReadyForQuery() =>
        WriteMessage(BackendMessageCode.ReadyForQuery, BackendMessages.ReadyForQuery());

    public FakeServerConnection WriteError(string severity, string sqlState, string message) =>
        WriteMessage(BackendMessageCode.ErrorResponse, BackendMessages.Error(severity, sqlState, message));

    public FakeServerConnection WriteNotice(string message) =>
        WriteMessage(BackendMessageCode.NoticeResponse, BackendMessages.Notice(('S', "NOTICE"), ('V', "NOTICE"), ('C', "00000"), ('M', message)));

    public FakeServerConnection WriteRowDescription(params (string Name, int TypeOid)[] columns) =>
        WriteMessage(BackendMessageCode.RowDescription, BackendMessages.RowDescription(columns));

    /// <summary>Text values; null is SQL NULL.</summary>
    public FakeServerConnection WriteDataRow(params string?[] values) =>
        WriteMessage(BackendMessageCode.DataRow, BackendMessages.DataRow(values));

    public FakeServerConnection WriteDataRowBytes(params byte[]?[] values) =>
        WriteMessage(BackendMessageCode.DataRow, BackendMessages.DataRowBytes(values));

    public FakeServerConnection WriteCommandComplete(string tag) =>
        WriteMessage(BackendMessageCode.CommandComplete, BackendMessages.CommandComplete(tag));

    /// <summary>What a walsender sends: <c>W 00000007 00 0000</c>.</summary>
    public FakeServerConnection WriteCopyBothResponse() =>
        WriteMessage(BackendMessageCode.CopyBothResponse, BackendMessages.CopyBothResponse());

    public FakeServerConnection WriteCopyData(ReadOnlySpan<byte> payload) =>
        WriteMessage(BackendMessageCode.CopyData, payload);

    public FakeServerConnection WriteCopyDone() =>
        WriteMessage(BackendMessageCode.CopyDone, []);

    /// <param name="dataStart">Position of the first WAL byte.</param>
    /// <param name="wal">The WAL bytes.</param>
    /// <param name="walEnd">The server's end of WAL, which is not the end of this message.</param>
    public FakeServerConnection WriteXLogData(Lsn dataStart, ReadOnlySpan<byte> wal, Lsn walEnd) =>
        WriteCopyData(BackendMessages.XLogData(dataStart.Value, walEnd.Value, Now(), wal));

    public FakeServerConnection WriteKeepalive(Lsn walEnd, bool replyRequested) =>
        WriteCopyData(BackendMessages.PrimaryKeepalive(walEnd.Value, Now(), replyRequested ? (byte)1 : (byte)0));

    private static long Now() => PostgresClock.ToPostgresMicroseconds(DateTimeOffset.UtcNow);
}
