using StandbyAgent.LocalCluster;

namespace StandbyAgent.Testing;

/// <summary>
/// A PostgreSQL server for integration tests, shaped like Testcontainers' PostgreSqlContainer.
/// This project's machines have no Docker, so the implementation here,
/// <see cref="LocalPostgresContainer"/>, runs the server as a local process; where Docker
/// exists, an implementation over Testcontainers can be dropped in (it would bind-mount the
/// data directory so <see cref="WalDirectory"/> stays readable, and map stop modes to
/// docker stop and docker kill).
/// </summary>
public interface IPostgresContainer : IAsyncDisposable
{
    public string Hostname { get; }

    public int Port { get; }

    /// <summary>The server's pg_wal directory, as this process can read it.</summary>
    public string WalDirectory { get; }

    public Task StartAsync(CancellationToken cancellationToken = default);

    public Task StopAsync(ShutdownMode mode = ShutdownMode.Fast, CancellationToken cancellationToken = default);

    public Task RestartAsync(ShutdownMode mode = ShutdownMode.Fast, CancellationToken cancellationToken = default);

    /// <summary>Ends recovery on a standby and waits until it accepts writes.</summary>
    public Task PromoteAsync(CancellationToken cancellationToken = default);

    /// <summary>An Npgsql connection string for the superuser.</summary>
    public string GetConnectionString();

    /// <summary>An Npgsql connection string for one of the server's users, with its password.</summary>
    public string GetConnectionString(string user);

    /// <summary>A libpq connection string, the agent's syntax, for one of the server's users with its password.</summary>
    public string GetConnInfo(string user);

    /// <summary>A libpq connection string with the given password (none when null), to test authentication failures.</summary>
    public string GetConnInfo(string user, string? password);

    /// <summary>A standby of this running server, made from a base backup; not started yet. The caller disposes it.</summary>
    public Task<IPostgresContainer> CreateStandbyAsync(CancellationToken cancellationToken = default);
}
