using System.Text;
using StandbyAgent.Protocol.Framing;
using StandbyAgent.Protocol.Messages;
using StandbyAgent.Protocol.Query;
using StandbyAgent.Protocol.Replication;
using StandbyAgent.Protocol.Tests.Support;
using StandbyAgent.Testing.Wire;

namespace StandbyAgent.Protocol.Tests.Query;

public sealed class SimpleQueryResponseTests
{
    private static readonly byte[] s_identifySystemResponse = BackendMessages.Concat(
        BackendMessages.Frame(BackendMessageCode.RowDescription, BackendMessages.RowDescription(
            ("systemid", BackendMessages.TextOid), ("timeline", BackendMessages.Int8Oid), ("xlogpos", BackendMessages.TextOid), ("dbname", BackendMessages.TextOid))),
        BackendMessages.Frame(BackendMessageCode.DataRow, BackendMessages.DataRow("7312345678901234567", "1", "0/16B3748", null)),
        BackendMessages.Frame(BackendMessageCode.CommandComplete, BackendMessages.CommandComplete("IDENTIFY_SYSTEM")),
        BackendMessages.Frame(BackendMessageCode.ReadyForQuery, BackendMessages.ReadyForQuery('I')));

    [Fact]
    public void Identify_system_response_completes_with_one_row_and_its_tag()
    {
        var response = new SimpleQueryResponse();

        QueryProgress[] progress = FeedStream(response, Segments.Single(s_identifySystemResponse));

        Assert.Equal([QueryProgress.Pending, QueryProgress.Pending, QueryProgress.Pending, QueryProgress.Completed], progress);
        QueryResult result = response.GetResult();
        Assert.Equal(["systemid", "timeline", "xlogpos", "dbname"], result.Columns.Select(column => column.Name));
        Assert.Equal(["IDENTIFY_SYSTEM"], result.CommandTags);
        Assert.Equal(new IdentifySystemResult(7312345678901234567, 1, Lsn.Parse("0/16B3748"), null), IdentifySystemResult.Parse(result));
    }

    [Fact]
    public void Response_split_at_every_block_boundary_gives_the_same_result()
    {
        foreach (ReadOnlySequence<byte> shape in Segments.EveryTwoWaySplit(s_identifySystemResponse))
        {
            var response = new SimpleQueryResponse();
            Assert.Equal(QueryProgress.Completed, FeedStream(response, shape)[^1]);
            Assert.Equal(7312345678901234567ul, IdentifySystemResult.Parse(response.GetResult()).SystemIdentifier);
        }
    }

    [Fact]
    public void Error_is_kept_until_ready_for_query_and_thrown_only_from_get_result()
    {
        var response = new SimpleQueryResponse();

        QueryProgress[] progress = Feed(
            response,
            Message(BackendMessageCode.ErrorResponse, BackendMessages.Error("ERROR", "42704", "replication slot \"standby\" does not exist")),
            Message(BackendMessageCode.ReadyForQuery, BackendMessages.ReadyForQuery('I')));

        Assert.Equal([QueryProgress.Pending, QueryProgress.Completed], progress);
        Assert.Equal("42704", response.Error?.SqlState);
        PostgresException error = Assert.Throws<PostgresException>(() => response.GetResult());
        Assert.Equal(PostgresNotice.UndefinedObject, error.SqlState);
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void First_of_several_errors_is_the_one_reported()
    {
        var response = new SimpleQueryResponse();

        Feed(
            response,
            Message(BackendMessageCode.ErrorResponse, BackendMessages.Error("ERROR", "55006", "first")),
            Message(BackendMessageCode.ErrorResponse, BackendMessages.Error("FATAL", "57P01", "second")),
            Message(BackendMessageCode.ReadyForQuery, BackendMessages.ReadyForQuery('I')));

        Assert.Equal("55006", Assert.Throws<PostgresException>(() => response.GetResult()).SqlState);
    }

    [Fact]
    public void Copy_both_response_starts_streaming()
    {
        var response = new SimpleQueryResponse();

        QueryProgress progress = response.Process(Message(BackendMessageCode.CopyBothResponse, BackendMessages.CopyBothResponse()));

        Assert.Equal(QueryProgress.CopyBothStarted, progress);
        Assert.Null(response.Error);
    }

    [Fact]
    public void Start_replication_at_a_switch_point_gives_the_next_timeline_and_two_tags()
    {
        var response = new SimpleQueryResponse();

        QueryProgress[] progress = Feed(
            response,
            Message(BackendMessageCode.RowDescription, BackendMessages.RowDescription(("next_tli", BackendMessages.Int8Oid), ("next_tli_startpos", BackendMessages.TextOid))),
            Message(BackendMessageCode.DataRow, BackendMessages.DataRow("3", "0/9949AE0")),
            Message(BackendMessageCode.CommandComplete, BackendMessages.CommandComplete("START_STREAMING")),
            Message(BackendMessageCode.CommandComplete, BackendMessages.CommandComplete("START_REPLICATION")),
            Message(BackendMessageCode.ReadyForQuery, BackendMessages.ReadyForQuery('I')));

        Assert.Equal(QueryProgress.Completed, progress[^1]);
        Assert.DoesNotContain(QueryProgress.CopyBothStarted, progress);
        QueryResult result = response.GetResult();
        Assert.Equal(["START_STREAMING", "START_REPLICATION"], result.CommandTags);
        Assert.Equal(new EndOfTimeline(3, Lsn.Parse("0/9949AE0")), EndOfTimeline.Parse(result));
    }

    [Fact]
    public void Notices_go_to_the_callback_in_order_and_do_not_change_the_result()
    {
        var notices = new List<PostgresNotice>();
        var response = new SimpleQueryResponse(notices.Add);

        Feed(
            response,
            Message(BackendMessageCode.NoticeResponse, BackendMessages.Notice(('V', "WARNING"), ('C', "01000"), ('M', "first\nline"))),
            Message(BackendMessageCode.NoticeResponse, BackendMessages.Notice(('V', "NOTICE"), ('M', "second"))),
            Message(BackendMessageCode.CommandComplete, BackendMessages.CommandComplete("DROP_REPLICATION_SLOT")),
            Message(BackendMessageCode.ReadyForQuery, BackendMessages.ReadyForQuery('I')));

        Assert.Equal(["WARNING: first line (SQLSTATE 01000)", "NOTICE: second"], notices.Select(notice => notice.ToString()));
        Assert.Equal(["DROP_REPLICATION_SLOT"], response.GetResult().CommandTags);
    }

    [Fact]
    public void Parameter_status_and_empty_query_response_are_accepted_in_passing()
    {
        var response = new SimpleQueryResponse();

        QueryProgress[] progress = Feed(
            response,
            Message(BackendMessageCode.ParameterStatus, BackendMessages.ParameterStatus("application_name", "standby")),
            Message(BackendMessageCode.EmptyQueryResponse, []),
            Message(BackendMessageCode.ReadyForQuery, BackendMessages.ReadyForQuery('I')));

        Assert.Equal([QueryProgress.Pending, QueryProgress.Pending, QueryProgress.Completed], progress);
        Assert.Empty(response.GetResult().Rows);
    }

    [Fact]
    public void Later_result_set_replaces_the_rows_of_an_earlier_one()
    {
        var response = new SimpleQueryResponse();

        Feed(
            response,
            Message(BackendMessageCode.RowDescription, BackendMessages.RowDescription(("a", BackendMessages.TextOid))),
            Message(BackendMessageCode.DataRow, BackendMessages.DataRow("old")),
            Message(BackendMessageCode.CommandComplete, BackendMessages.CommandComplete("SHOW")),
            Message(BackendMessageCode.RowDescription, BackendMessages.RowDescription(("b", BackendMessages.TextOid))),
            Message(BackendMessageCode.DataRow, BackendMessages.DataRow("new")),
            Message(BackendMessageCode.CommandComplete, BackendMessages.CommandComplete("SHOW")),
            Message(BackendMessageCode.ReadyForQuery, BackendMessages.ReadyForQuery('I')));

        QueryResult result = response.GetResult();
        Assert.Equal("b", Assert.Single(result.Columns).Name);
        Assert.Equal("new", QueryResult.Text(Assert.Single(Assert.Single(result.Rows))));
    }

    [Theory]
    [InlineData(BackendMessageCode.CopyData)]
    [InlineData(BackendMessageCode.CopyDone)]
    [InlineData(BackendMessageCode.CopyInResponse)]
    [InlineData(BackendMessageCode.CopyOutResponse)]
    [InlineData(BackendMessageCode.AuthenticationRequest)]
    [InlineData(BackendMessageCode.BackendKeyData)]
    [InlineData(BackendMessageCode.ParseComplete)]
    [InlineData(BackendMessageCode.NegotiateProtocolVersion)]
    [InlineData((BackendMessageCode)0)]
    public void Unexpected_message_type_is_a_protocol_violation(BackendMessageCode code)
    {
        Assert.Throws<ProtocolViolationException>(() => new SimpleQueryResponse().Process(Message(code, [0, 0, 0, 0])));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Data_row_whose_column_count_differs_from_the_description_is_a_protocol_violation(int columns)
    {
        var response = new SimpleQueryResponse();
        response.Process(Message(BackendMessageCode.RowDescription, BackendMessages.RowDescription(("a", BackendMessages.TextOid), ("b", BackendMessages.TextOid))));

        string?[] values = new string?[columns];
        Assert.Throws<ProtocolViolationException>(() => response.Process(Message(BackendMessageCode.DataRow, BackendMessages.DataRow(values))));
    }

    [Fact]
    public void Data_row_without_a_description_is_a_protocol_violation()
    {
        Assert.Throws<ProtocolViolationException>(() => new SimpleQueryResponse().Process(Message(BackendMessageCode.DataRow, BackendMessages.DataRow("1"))));
    }

    [Fact]
    public void Malformed_ready_for_query_is_a_protocol_violation()
    {
        Assert.Throws<ProtocolViolationException>(() => new SimpleQueryResponse().Process(Message(BackendMessageCode.ReadyForQuery, "X"u8.ToArray())));
    }

    /// <summary>Validation must not depend on whether anyone listens: ParameterStatus is validated and dropped too.</summary>
    [Fact]
    public void Malformed_notice_is_a_protocol_violation_even_without_a_callback()
    {
        byte[] unterminated = Encoding.UTF8.GetBytes("Mno terminator");

        Assert.Throws<ProtocolViolationException>(() => new SimpleQueryResponse(_ => { }).Process(Message(BackendMessageCode.NoticeResponse, unterminated)));
        Assert.Throws<ProtocolViolationException>(() => new SimpleQueryResponse().Process(Message(BackendMessageCode.NoticeResponse, unterminated)));
    }

    private static BackendFrame Message(BackendMessageCode code, byte[] payload) => BackendMessages.ToBackendFrame(code, payload);

    private static QueryProgress[] Feed(SimpleQueryResponse response, params BackendFrame[] frames) =>
        [.. frames.Select(frame => response.Process(frame))];

    /// <summary>Frames the bytes as a receive loop would and hands each frame over while its buffer is live.</summary>
    private static QueryProgress[] FeedStream(SimpleQueryResponse response, ReadOnlySequence<byte> stream)
    {
        var progress = new List<QueryProgress>();
        var reader = new SequenceReader<byte>(stream);
        while (BackendFrameReader.TryRead(ref reader, out BackendFrame frame))
        {
            progress.Add(response.Process(frame));
        }

        Assert.Equal(stream.Length, reader.Consumed);
        return [.. progress];
    }
}
