using Npgsql;
using StandbyAgent.LocalCluster;
using StandbyAgent.Protocol;
using StandbyAgent.Testing;
using StandbyAgent.Tests.Support;

namespace StandbyAgent.Tests.Run.Support;

/// <summary>What a server says about the agent's slot, its replay and its data.</summary>
internal static class ServerQueries
{
    /// <summary>A physical slot's restart_lsn is the last flush position its standby reported.</summary>
    public static async Task<Lsn?> SlotRestartLsnAsync(this IPostgresContainer server, string slot) =>
        await server.QueryAsync($"SELECT restart_lsn::text FROM pg_replication_slots WHERE slot_name = '{slot}'") is string lsn ? Lsn.Parse(lsn) : null;

    public static async Task<bool> SlotIsActiveAsync(this IPostgresContainer server, string slot) =>
        await server.QueryAsync($"SELECT active FROM pg_replication_slots WHERE slot_name = '{slot}'") is true;

    public static async Task DropSlotAsync(this IPostgresContainer server, string slot) =>
        await server.QueryAsync($"SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = '{slot}'");

    public static async Task<ulong> SystemIdentifierAsync(this IPostgresContainer server) =>
        (ulong)(long)(await server.QueryAsync("SELECT system_identifier FROM pg_control_system()"))!;

    /// <summary>Every row of the WalLoad table, hashed in key order: equal on two servers means equal data.</summary>
    public const string LoadTableChecksum =
        "SELECT count(*) || ':' || coalesce(md5(string_agg(writer || ',' || slot || ',' || updates || ',' || payload, ';' ORDER BY writer, slot)), '') FROM standby_agent_wal_load";

    /// <summary>A query on a cluster that is not a test container, such as a standby made by <see cref="BaseBackup"/>.</summary>
    public static async Task<object?> QueryAsync(this LocalPostgresCluster cluster, string sql)
    {
        var builder = new NpgsqlConnectionStringBuilder { Host = cluster.Host, Port = cluster.Port, Username = cluster.SuperUser, Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    /// <summary>Waits until the slot's standby has reported WAL up to <paramref name="position"/> as flushed.</summary>
    public static Task WaitForFlushAsync(this IPostgresContainer server, string slot, Lsn position, AgentProcess agent, TimeSpan timeout) =>
        Eventually.TrueAsync(
            async () => !agent.HasExited
                ? await server.SlotRestartLsnAsync(slot) >= position
                : throw new InvalidOperationException($"the agent exited with code {await agent.WaitForExitAsync(TimeSpan.Zero)}:\n{agent.StandardError}"),
            timeout,
            () => $"slot {slot} did not reach {position}; agent log:\n{agent.StandardError}");

    public static async Task<Lsn> ReplayedUpToAsync(this LocalPostgresCluster standby) =>
        await standby.QueryAsync("SELECT pg_last_wal_replay_lsn()::text") is string lsn ? Lsn.Parse(lsn) : Lsn.Invalid;
}
