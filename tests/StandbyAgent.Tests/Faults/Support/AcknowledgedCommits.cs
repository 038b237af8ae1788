using System.Globalization;
using Npgsql;
using StandbyAgent.Testing;
using StandbyAgent.Tests.Support;

namespace StandbyAgent.Tests.Faults.Support;

/// <summary>
/// Clients committing small transactions on a primary whose only synchronous standby is the agent
/// (synchronous_commit = on), each recording the transaction id of every COMMIT that returned:
/// the primary acknowledged it only once the standby reported its commit record flushed
/// (reliability.md 4.6). A commit is never cancelled, since a cancelled wait for the standby
/// returns success without its acknowledgement.
/// </summary>
internal sealed class AcknowledgedCommits : IAsyncDisposable
{
    public const string Table = "standby_agent_acknowledged";

    private readonly HashSet<uint> _acknowledged = [];
    private readonly Task[] _writers;
    private volatile bool _stopping;

    private AcknowledgedCommits(IPostgresContainer primary, int writers)
    {
        _writers = [.. Enumerable.Range(0, writers).Select(writer => Task.Run(() => CommitUntilStoppedAsync(primary, writer)))];
    }

    public int Count
    {
        get
        {
            lock (_acknowledged)
            {
                return _acknowledged.Count;
            }
        }
    }

    /// <summary>The transactions whose COMMIT has returned so far.</summary>
    public IReadOnlySet<uint> Snapshot()
    {
        lock (_acknowledged)
        {
            return new HashSet<uint>(_acknowledged);
        }
    }

    /// <summary>Starts <paramref name="writers"/> clients; the table must exist.</summary>
    public static AcknowledgedCommits Start(IPostgresContainer primary, int writers) => new(primary, writers);

    public static Task CreateTableAsync(IPostgresContainer primary) =>
        primary.QueryAsync($"CREATE TABLE IF NOT EXISTS {Table} (id bigserial PRIMARY KEY, writer int NOT NULL, payload text NOT NULL)");

    /// <summary>Waits until <paramref name="count"/> more commits have been acknowledged; a client's failure ends the wait.</summary>
    public async Task WaitForMoreAsync(int count, TimeSpan timeout)
    {
        int target = Count + count;
        using var deadline = new CancellationTokenSource(timeout);
        while (Count < target)
        {
            if (_writers.FirstOrDefault(writer => writer.IsFaulted) is { } failed)
            {
                await failed;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), deadline.Token);
        }
    }

    /// <summary>Lets every client finish the commit it is in (which needs the standby), and surfaces any client's failure.</summary>
    public async ValueTask DisposeAsync()
    {
        _stopping = true;
        await Task.WhenAll(_writers);
    }

    private async Task CommitUntilStoppedAsync(IPostgresContainer primary, int writer)
    {
        await using var connection = new NpgsqlConnection(primary.GetConnectionString());
        await connection.OpenAsync();
        while (!_stopping)
        {
            await using NpgsqlTransaction transaction = await connection.BeginTransactionAsync();
            await using var insert = new NpgsqlCommand($"INSERT INTO {Table} (writer, payload) VALUES ($1, repeat('x', 1000)) RETURNING pg_current_xact_id()::text", connection, transaction)
            {
                Parameters = { new NpgsqlParameter<int> { TypedValue = writer } },
            };

            // A full transaction id is epoch << 32 | xid; WAL records carry the 32-bit xid.
            uint xid = unchecked((uint)ulong.Parse((string)(await insert.ExecuteScalarAsync())!, CultureInfo.InvariantCulture));
            await transaction.CommitAsync();
            lock (_acknowledged)
            {
                _acknowledged.Add(xid);
            }
        }
    }
}
