using StandbyAgent.Protocol.Framing;
using StandbyAgent.Protocol.Messages;

namespace StandbyAgent.Protocol.Query;

/// <summary>How far the response to a simple query has come.</summary>
public enum QueryProgress
{
    /// <summary>More messages are needed.</summary>
    Pending,
    /// <summary>ReadyForQuery arrived; the result (or error) is complete.</summary>
    Completed,
    /// <summary>The server entered CopyBoth mode (START_REPLICATION); streaming begins.</summary>
    CopyBothStarted,
}

/// <summary>
/// Collects the server's answer to one Query message, frame by frame. An ErrorResponse is kept
/// until ReadyForQuery so that the connection is left in a clean state before it is thrown.
/// </summary>
public sealed class SimpleQueryResponse
{
    private readonly List<byte[]?[]> _rows = [];
    private readonly List<string> _tags = [];
    private readonly Action<PostgresNotice>? _onNotice;
    private IReadOnlyList<ColumnDescription> _columns = [];
    private PostgresException? _error;

    public SimpleQueryResponse(Action<PostgresNotice>? onNotice = null)
    {
        _onNotice = onNotice;
    }

    public QueryProgress Process(in BackendFrame frame)
    {
        switch (frame.Code)
        {
            case BackendMessageCode.RowDescription:
                _columns = RowDescription.Parse(frame.Payload);
                _rows.Clear();
                return QueryProgress.Pending;
            case BackendMessageCode.DataRow:
                byte[]?[] row = DataRow.Parse(frame.Payload);
                if (row.Length != _columns.Count)
                {
                    throw new ProtocolViolationException(
                        $"a DataRow with {row.Length} columns follows a RowDescription of {_columns.Count}");
                }

                _rows.Add(row);
                return QueryProgress.Pending;
            case BackendMessageCode.CommandComplete:
                _tags.Add(CommandComplete.Parse(frame.Payload).Tag);
                return QueryProgress.Pending;
            case BackendMessageCode.EmptyQueryResponse:
                return QueryProgress.Pending;
            case BackendMessageCode.CopyBothResponse:
                CopyBothResponse.Parse(frame.Payload);
                return QueryProgress.CopyBothStarted;
            case BackendMessageCode.ErrorResponse:
                _error ??= new PostgresException(PostgresNotice.Parse(frame.Payload, "ErrorResponse"));
                return QueryProgress.Pending;
            case BackendMessageCode.NoticeResponse:
                PostgresNotice notice = PostgresNotice.Parse(frame.Payload, "NoticeResponse");
                _onNotice?.Invoke(notice);
                return QueryProgress.Pending;
            case BackendMessageCode.ParameterStatus:
                ParameterStatus.Parse(frame.Payload);
                return QueryProgress.Pending;
            case BackendMessageCode.ReadyForQuery:
                ReadyForQuery.Parse(frame.Payload);
                return QueryProgress.Completed;
            default:
                throw new ProtocolViolationException(
                    $"unexpected message type 0x{(byte)frame.Code:X2} in the response to a query");
        }
    }

    /// <summary>The collected result, or the server's error. Valid once <see cref="QueryProgress.Completed"/>.</summary>
    public QueryResult GetResult()
    {
        if (_error is not null)
        {
            throw _error;
        }

        return new QueryResult(_columns, _rows.ToArray(), _tags.ToArray());
    }

    /// <summary>The error received before the server switched to CopyBoth mode, if any.</summary>
    public PostgresException? Error => _error;
}
