using Npgsql;
using StandbyAgent.Testing;

namespace StandbyAgent.Tests.Support;

/// <summary>Slots made through SQL, to hold WAL on the primary or to test the agent's own slot use.</summary>
public static class ReplicationSlots
{
    /// <summary>
    /// A slot that reserves WAL from now on and is never read: the primary keeps every segment a
    /// test compares against, whatever checkpoints other tests cause. Dropped on dispose.
    /// </summary>
    public static async Task<IAsyncDisposable> HoldWalAsync(this IPostgresContainer container, string name)
    {
        await ExecuteAsync(container, $"SELECT pg_create_physical_replication_slot('{name}', true)");
        return new Holder(container, name);
    }

    public static Task<object?> QueryAsync(this IPostgresContainer container, string sql) => ExecuteAsync(container, sql);

    private static async Task<object?> ExecuteAsync(IPostgresContainer container, string sql)
    {
        await using var connection = new NpgsqlConnection(container.GetConnectionString());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    private sealed class Holder(IPostgresContainer container, string name) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() =>
            await ExecuteAsync(container, $"SELECT pg_drop_replication_slot('{name}')");
    }
}
