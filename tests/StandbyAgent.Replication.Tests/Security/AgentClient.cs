using Microsoft.Extensions.Logging;
using NpgsqlConnection = Npgsql.NpgsqlConnection;
using NpgsqlCommand = Npgsql.NpgsqlCommand;
using NpgsqlConnectionStringBuilder = Npgsql.NpgsqlConnectionStringBuilder;
using StandbyAgent.Protocol;
using StandbyAgent.Protocol.Authentication;
using StandbyAgent.Replication.Configuration;
using StandbyAgent.Replication.Connection;
using StandbyAgent.Replication.Tests.Configuration;
using StandbyAgent.Testing.Tls;
using StandbyAgent.Transport;
using StandbyAgent.Transport.Buffers;
using StandbyAgent.Transport.Tcp;

namespace StandbyAgent.Replication.Tests.Security;

/// <summary>
/// The agent's own connection code (resolver, transport, TLS, startup) opening a physical
/// replication connection; whether it is encrypted is asked of the server, through pg_stat_ssl,
/// while the connection is open.
/// </summary>
internal static class AgentClient
{
    public static async Task<ConnectionOutcome> ConnectAsync(TlsPostgresFixture fixture, string conninfo, string home, ILogger? logger = null)
    {
        string applicationName = "tls-test-" + Guid.NewGuid().ToString("N")[..12];
        var environment = new FakeConnectionEnvironment { HomeDirectory = home };
        using var pool = new PinnedBlockMemoryPool();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            using ConnectionSettings settings = new ConnectionSettingsResolver(environment, logger ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance)
                .Resolve($"{conninfo} application_name={applicationName}");
            await using PostgresConnection connection = await PostgresConnection.OpenAsync(
                settings, new SocketTransportFactory(pool), logger ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, timeout.Token);
            return await IsEncryptedAsync(fixture, applicationName) ? ConnectionOutcome.Ssl : ConnectionOutcome.Plain;
        }
        catch (Exception ex) when (ex is TransportException or PostgresException or PostgresAuthenticationException or ConnectionSettingsException or ProtocolViolationException or NotSupportedException)
        {
            return ConnectionOutcome.Failed(ex.Message);
        }
    }

    private static async Task<bool> IsEncryptedAsync(TlsPostgresFixture fixture, string applicationName)
    {
        var builder = new NpgsqlConnectionStringBuilder(fixture.Container.GetConnectionString()) { SslMode = Npgsql.SslMode.Disable };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT s.ssl FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid) WHERE a.application_name = $1", connection);
        command.Parameters.AddWithValue(applicationName);
        return (bool)(await command.ExecuteScalarAsync() ?? throw new InvalidOperationException($"no session named {applicationName} on the server"));
    }
}
