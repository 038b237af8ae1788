using Npgsql;
using StandbyAgent.Protocol;

namespace StandbyAgent.Testing;

/// <summary>Puts write load on a primary until it has produced a given amount of WAL.</summary>
public static class WalLoad
{
    private const string Table = "standby_agent_wal_load";

    /// <summary>Rows each writer keeps and rewrites in turn: the table stays small however much WAL is asked for.</summary>
    private const int RowsPerWriter = 2000;

    /// <summary>Rows per statement, about 120 kB of WAL: big enough that commits (and their fsyncs) are not the bottleneck.</summary>
    private const int RowsPerStatement = 200;

    /// <summary>
    /// Runs <paramref name="writers"/> connections that insert, then keep updating, rows of their
    /// own until pg_current_wal_lsn() is at least <paramref name="walBytes"/> past where it was
    /// when the call began. Returns pg_current_wal_lsn() once every writer has stopped. Calls may
    /// overlap, except the first two on a server, which would race to create the table.
    /// </summary>
    public static async Task<Lsn> GenerateWalAsync(this IPostgresContainer container, long walBytes, int writers = 4, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(walBytes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(writers);
        await CreateTableAsync(container, cancellationToken);
        Lsn target = await container.CurrentWalLsnAsync(cancellationToken) + (ulong)walBytes;
        await Task.WhenAll(Enumerable.Range(0, writers).Select(writer => WriteUntilAsync(container, writer, target, cancellationToken)));
        return await container.CurrentWalLsnAsync(cancellationToken);
    }

    /// <summary>
    /// One writer that produces about <paramref name="bytesPerSecond"/> of WAL, statement by
    /// statement, until <paramref name="cancellationToken"/> is cancelled: a steady load that
    /// goes on while a receiver is killed, restarted or cut off. Use a <paramref name="writer"/>
    /// number no other call uses at the same time.
    /// </summary>
    public static async Task GenerateWalUntilCancelledAsync(this IPostgresContainer container, long bytesPerSecond, int writer, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bytesPerSecond);
        try
        {
            await CreateTableAsync(container, cancellationToken);
            await using var connection = new NpgsqlConnection(container.GetConnectionString());
            await connection.OpenAsync(cancellationToken);
            var firstSlot = new NpgsqlParameter<int>();
            await using NpgsqlBatch batch = CreateWriterBatch(connection, writer, firstSlot);
            Lsn last = await container.CurrentWalLsnAsync(cancellationToken);
            for (int statement = 0; ; statement++)
            {
                firstSlot.TypedValue = statement * RowsPerStatement % RowsPerWriter;
                var reached = Lsn.Parse((string)(await batch.ExecuteScalarAsync(cancellationToken))!);
                await Task.Delay(TimeSpan.FromSeconds((double)(reached - last) / bytesPerSecond), cancellationToken);
                last = reached;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The load ends when it is told to; a statement cut short by that is rolled back.
        }
    }

    private static async Task CreateTableAsync(IPostgresContainer container, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(container.GetConnectionString());
        await connection.OpenAsync(cancellationToken);
        await using var create = new NpgsqlCommand(
            $"CREATE TABLE IF NOT EXISTS {Table} (writer int, slot int, updates int NOT NULL DEFAULT 0, payload text NOT NULL, PRIMARY KEY (writer, slot))",
            connection);
        await create.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task WriteUntilAsync(IPostgresContainer container, int writer, Lsn target, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(container.GetConnectionString());
        await connection.OpenAsync(cancellationToken);
        var firstSlot = new NpgsqlParameter<int>();
        await using NpgsqlBatch batch = CreateWriterBatch(connection, writer, firstSlot);
        for (int statement = 0; ; statement++)
        {
            firstSlot.TypedValue = statement * RowsPerStatement % RowsPerWriter;

            // The INSERT returns no rows, so the scalar is the LSN the second statement reads.
            var reached = Lsn.Parse((string)(await batch.ExecuteScalarAsync(cancellationToken))!);
            if (reached >= target)
            {
                return;
            }
        }
    }

    /// <summary>Upserts <see cref="RowsPerStatement"/> of the writer's rows from <paramref name="firstSlot"/> on, then reads pg_current_wal_lsn().</summary>
    private static NpgsqlBatch CreateWriterBatch(NpgsqlConnection connection, int writer, NpgsqlParameter<int> firstSlot) =>
        new(connection)
        {
            BatchCommands =
            {
                // 512 random-looking characters: under the TOAST threshold, so stored (and logged) uncompressed.
                new NpgsqlBatchCommand(
                    $"""
                    INSERT INTO {Table} AS t (writer, slot, payload)
                    SELECT $1, slot, repeat(md5(random()::text), 16) FROM generate_series($2, $2 + {RowsPerStatement - 1}) AS slot
                    ON CONFLICT (writer, slot) DO UPDATE SET payload = excluded.payload, updates = t.updates + 1
                    """)
                {
                    Parameters = { new NpgsqlParameter<int> { TypedValue = writer }, firstSlot },
                },
                new NpgsqlBatchCommand("SELECT pg_current_wal_lsn()::text"),
            },
        };
}
