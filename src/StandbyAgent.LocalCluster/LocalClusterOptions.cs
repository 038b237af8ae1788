using System.Collections.ObjectModel;

namespace StandbyAgent.LocalCluster;

/// <summary>How to set up a <see cref="LocalPostgresCluster"/>.</summary>
public sealed record LocalClusterOptions
{
    /// <summary>The TCP port on 127.0.0.1; null picks a free one.</summary>
    public int? Port { get; init; }

    /// <summary>
    /// The cluster's own directory: data directory, server log and socket. Null makes a new one
    /// under the temporary directory. Either way it is deleted when the cluster is disposed.
    /// </summary>
    public string? BaseDirectory { get; init; }

    /// <summary>initdb's <c>--wal-segsize</c>: a power of two from 1 to 1024.</summary>
    public int WalSegmentSizeMb { get; init; } = 16;

    /// <summary>The bootstrap superuser; it authenticates with trust.</summary>
    public string SuperUser { get; init; } = "postgres";

    /// <summary>Login roles created after initdb, each with its pg_hba.conf method.</summary>
    public IReadOnlyList<ClusterUser> Users { get; init; } = [];

    /// <summary>postgresql.conf settings applied after, and so overriding, the replication baseline.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = ReadOnlyDictionary<string, string>.Empty;

    /// <summary>TLS (ssl = on) with these files; null leaves TLS off, as initdb does.</summary>
    public ServerTls? Tls { get; init; }

    /// <summary>The longest any one step (initdb, start, stop, a base backup, a tool) may take.</summary>
    public TimeSpan OperationTimeout { get; init; } = TimeSpan.FromMinutes(2);

    internal void Validate()
    {
        var names = new HashSet<string>(StringComparer.Ordinal) { SuperUser };
        foreach (ClusterUser user in Users)
        {
            if (!names.Add(user.Name))
            {
                throw new ArgumentException($"The cluster user \"{user.Name}\" is listed twice (or is the superuser).", nameof(Users));
            }

            if (user.Method is not (AuthMethod.Trust or AuthMethod.Certificate) && user.Password is null)
            {
                throw new ArgumentException($"The cluster user \"{user.Name}\" authenticates with {user.Method} and so needs a password.", nameof(Users));
            }
        }
    }
}
