using Npgsql;
using StandbyAgent.Protocol;

namespace StandbyAgent.Testing;

/// <summary>Asks a primary where its WAL is, and makes it end a segment or checkpoint.</summary>
public static class WalControl
{
    /// <summary>pg_current_wal_lsn(): how far WAL has been written out.</summary>
    public static Task<Lsn> CurrentWalLsnAsync(this IPostgresContainer container, CancellationToken cancellationToken = default) =>
        QueryLsnAsync(container, "SELECT pg_current_wal_lsn()::text", cancellationToken);

    /// <summary>
    /// pg_switch_wal(): ends the current segment so it is complete. Returns the end of the switch
    /// record; when no WAL was written since the last switch, nothing happens and the start of
    /// the current segment is returned.
    /// </summary>
    public static Task<Lsn> SwitchWalAsync(this IPostgresContainer container, CancellationToken cancellationToken = default) =>
        QueryLsnAsync(container, "SELECT pg_switch_wal()::text", cancellationToken);

    public static async Task CheckpointAsync(this IPostgresContainer container, CancellationToken cancellationToken = default) =>
        await ExecuteScalarAsync(container, "CHECKPOINT", cancellationToken);

    private static async Task<Lsn> QueryLsnAsync(IPostgresContainer container, string sql, CancellationToken cancellationToken) =>
        Lsn.Parse((string)(await ExecuteScalarAsync(container, sql, cancellationToken))!);

    private static async Task<object?> ExecuteScalarAsync(IPostgresContainer container, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(container.GetConnectionString());
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync(cancellationToken);
    }
}
