using System.Diagnostics;
using System.Globalization;
using System.Text;
using StandbyAgent.Protocol;
using StandbyAgent.Testing.Wire;
using Xunit;

namespace StandbyAgent.Testing.FakeServer;

/// <summary>
/// The walsender's side of the replication commands, step by step. The command texts expected
/// here are written out, never taken from the client's own code.
/// </summary>
public sealed partial class FakeServerConnection
{
    /// <summary>What the fake reports as server_version.</summary>
    public const string ServerVersion = "15.18";

    public const int BackendProcessId = 4242;

    public const int BackendSecretKey = 0x5EC2E7;

    /// <summary>
    /// Reads the StartupMessage and admits the client: by trust, or after checking the cleartext
    /// password it was asked for. Then ParameterStatus, BackendKeyData and ReadyForQuery.
    /// </summary>
    public async Task<StartupRequest> CompleteStartupAsync(string? requiredPassword = null)
    {
        StartupRequest startup = await ExpectStartupAsync();
        if (requiredPassword is not null)
        {
            await WriteAuthenticationCleartextPassword().FlushAsync();
            Assert.Equal(requiredPassword, await ExpectPasswordAsync());
        }

        await WriteAuthenticationOk()
            .WriteParameterStatus("server_version", ServerVersion)
            .WriteParameterStatus("integer_datetimes", "on")
            .WriteBackendKeyData(BackendProcessId, BackendSecretKey)
            .WriteReadyForQuery()
            .FlushAsync();
        return startup;
    }

    /// <summary>One result set and its CommandComplete, without the ReadyForQuery.</summary>
    public FakeServerConnection WriteResultSet(string commandTag, (string Name, int TypeOid)[] columns, params string?[][] rows)
    {
        WriteRowDescription(columns);
        foreach (string?[] row in rows)
        {
            WriteDataRow(row);
        }

        return WriteCommandComplete(commandTag);
    }

    /// <summary>IDENTIFY_SYSTEM: systemid, timeline (int4 on PG 15), xlogpos, dbname.</summary>
    public async Task AnswerIdentifySystemAsync(ulong systemIdentifier, uint timeline, Lsn xlogPosition, string? database = null)
    {
        await ExpectQueryAsync("IDENTIFY_SYSTEM");
        await WriteResultSet(
                "IDENTIFY_SYSTEM",
                [("systemid", BackendMessages.TextOid), ("timeline", BackendMessages.Int4Oid), ("xlogpos", BackendMessages.TextOid), ("dbname", BackendMessages.TextOid)],
                [systemIdentifier.ToString(CultureInfo.InvariantCulture), timeline.ToString(CultureInfo.InvariantCulture), xlogPosition.ToString(), database])
            .WriteReadyForQuery()
            .FlushAsync();
    }

    /// <summary>SHOW name: one text column named after the setting.</summary>
    public async Task AnswerShowAsync(string setting, string value)
    {
        await ExpectQueryAsync($"SHOW {setting}");
        await WriteResultSet("SHOW", [(setting, BackendMessages.TextOid)], [value]).WriteReadyForQuery().FlushAsync();
    }

    /// <summary>TIMELINE_HISTORY n: filename (text) and content (bytea before PG 18), with whatever name the script says.</summary>
    public async Task AnswerTimelineHistoryAsync(uint timeline, string fileName, string content)
    {
        await ExpectQueryAsync(string.Create(CultureInfo.InvariantCulture, $"TIMELINE_HISTORY {timeline}"));
        await WriteRowDescription(("filename", BackendMessages.TextOid), ("content", BackendMessages.ByteaOid))
            .WriteDataRowBytes(Encoding.UTF8.GetBytes(fileName), Encoding.UTF8.GetBytes(content))
            .WriteCommandComplete("TIMELINE_HISTORY")
            .WriteReadyForQuery()
            .FlushAsync();
    }

    /// <summary>READ_REPLICATION_SLOT: slot_type, restart_lsn, restart_tli; all NULL for a slot that does not exist.</summary>
    public async Task AnswerReadReplicationSlotAsync(string expectedCommand, string? slotType, Lsn? restartLsn, uint? restartTimeline)
    {
        await ExpectQueryAsync(expectedCommand);
        await WriteResultSet(
                "READ_REPLICATION_SLOT",
                [("slot_type", BackendMessages.TextOid), ("restart_lsn", BackendMessages.TextOid), ("restart_tli", BackendMessages.Int8Oid)],
                [slotType, restartLsn?.ToString(), restartTimeline?.ToString(CultureInfo.InvariantCulture)])
            .WriteReadyForQuery()
            .FlushAsync();
    }

    /// <summary>
    /// When the last CopyBothResponse was about to be sent (a <see cref="System.Diagnostics.Stopwatch"/>
    /// timestamp): the client cannot have started streaming before it.
    /// </summary>
    public long CopyBothSentTimestamp { get; private set; }

    /// <summary>Expects START_REPLICATION with exactly this text and switches to CopyBoth.</summary>
    public async Task StartCopyBothAsync(string expectedCommand)
    {
        await ExpectQueryAsync(expectedCommand);
        CopyBothSentTimestamp = Stopwatch.GetTimestamp();
        await WriteCopyBothResponse().FlushAsync();
    }

    /// <summary>
    /// Where the next timeline starts: RowDescription (next_tli int8, next_tli_startpos text),
    /// DataRow, CommandComplete START_STREAMING and START_REPLICATION, ReadyForQuery. Sent after
    /// the CopyDone exchange at the end of a historic timeline, or instead of COPY when streaming
    /// starts exactly at its switch point.
    /// </summary>
    public FakeServerConnection WriteEndOfTimeline(uint nextTimeline, Lsn nextTimelineStart) =>
        WriteResultSet(
                "START_STREAMING",
                [("next_tli", BackendMessages.Int8Oid), ("next_tli_startpos", BackendMessages.TextOid)],
                [nextTimeline.ToString(CultureInfo.InvariantCulture), nextTimelineStart.ToString()])
            .WriteCommandComplete("START_REPLICATION")
            .WriteReadyForQuery();

    /// <summary>The end of a historic timeline: CopyDone, the client's CopyDone, then where the next one starts.</summary>
    public async Task EndTimelineAsync(uint nextTimeline, Lsn nextTimelineStart)
    {
        await WriteCopyDone().FlushAsync();
        await ExpectCopyDoneAsync();
        await WriteEndOfTimeline(nextTimeline, nextTimelineStart).FlushAsync();
    }

    /// <summary>The client ended the stream: its CopyDone, then ours, the command tags and ReadyForQuery.</summary>
    public async Task AcknowledgeClientStopAsync()
    {
        await ExpectCopyDoneAsync();
        await WriteCopyDone()
            .WriteCommandComplete("START_STREAMING")
            .WriteCommandComplete("START_REPLICATION")
            .WriteReadyForQuery()
            .FlushAsync();
    }

    /// <summary>A walsender shutting down: CommandComplete "COPY 0" inside COPY, then the end of the connection.</summary>
    public async Task ShutDownAsync()
    {
        await WriteCommandComplete("COPY 0").FlushAsync();
        CloseOutput();
    }

    /// <summary>
    /// The WAL in [<paramref name="from"/>, <paramref name="to"/>) as XLogData messages of at most
    /// <paramref name="messageSize"/> bytes, each claiming <paramref name="walEnd"/> as the server's end of WAL.
    /// </summary>
    public FakeServerConnection WriteWal(SyntheticWal wal, Lsn from, Lsn to, int messageSize, Lsn walEnd)
    {
        for (Lsn start = from; start < to; start += (ulong)messageSize)
        {
            int length = (int)Math.Min((ulong)messageSize, to - start);
            WriteXLogData(start, wal.Read(start, length), walEnd);
        }

        return this;
    }
}
