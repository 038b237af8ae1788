using Microsoft.Extensions.Logging;
using Npgsql;
using StandbyAgent.LocalCluster;

namespace StandbyAgent.Testing;

/// <summary>An <see cref="IPostgresContainer"/> that is a <see cref="LocalPostgresCluster"/>: a server process on this machine.</summary>
public sealed class LocalPostgresContainer : IPostgresContainer
{
    public LocalPostgresContainer(LocalClusterOptions options, ILogger? logger = null)
        : this(new LocalPostgresCluster(options, logger))
    {
    }

    private LocalPostgresContainer(LocalPostgresCluster cluster)
    {
        Cluster = cluster;
    }

    /// <summary>For what only a local server offers, such as running pgbench or pg_basebackup against it.</summary>
    public LocalPostgresCluster Cluster { get; }

    public string Hostname => Cluster.Host;

    public int Port => Cluster.Port;

    public string WalDirectory => Cluster.WalDirectory;

    public Task StartAsync(CancellationToken cancellationToken = default) => Cluster.StartAsync(cancellationToken);

    public Task StopAsync(ShutdownMode mode = ShutdownMode.Fast, CancellationToken cancellationToken = default) =>
        Cluster.StopAsync(mode, cancellationToken);

    public Task RestartAsync(ShutdownMode mode = ShutdownMode.Fast, CancellationToken cancellationToken = default) =>
        Cluster.RestartAsync(mode, cancellationToken);

    public Task PromoteAsync(CancellationToken cancellationToken = default) => Cluster.PromoteAsync(cancellationToken);

    public string GetConnectionString() => GetConnectionString(Cluster.SuperUser);

    public string GetConnectionString(string user) =>
        new NpgsqlConnectionStringBuilder
        {
            Host = Cluster.Host,
            Port = Cluster.Port,
            Username = user,
            Password = PasswordOf(user),
            Database = "postgres",

            // Tests stop and kill the server; a pooled connection would outlive it and fail whoever draws it next.
            Pooling = false,
        }.ConnectionString;

    public string GetConnInfo(string user) => Cluster.ConnInfo(user, PasswordOf(user));

    public string GetConnInfo(string user, string? password) => Cluster.ConnInfo(user, password);

    public async Task<IPostgresContainer> CreateStandbyAsync(CancellationToken cancellationToken = default) =>
        new LocalPostgresContainer(await Cluster.CreateStandbyAsync(cancellationToken));

    public ValueTask DisposeAsync() => Cluster.DisposeAsync();

    private string? PasswordOf(string user)
    {
        if (user == Cluster.SuperUser)
        {
            return null;
        }

        ClusterUser known = Cluster.Options.Users.FirstOrDefault(candidate => candidate.Name == user)
            ?? throw new ArgumentException($"\"{user}\" is not one of this server's users.", nameof(user));
        return known.Password;
    }
}
