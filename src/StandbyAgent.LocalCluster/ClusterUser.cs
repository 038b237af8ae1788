namespace StandbyAgent.LocalCluster;

/// <summary>A login role created when the cluster is initialized, with its pg_hba.conf rules.</summary>
/// <param name="Password">Required by every method but <see cref="AuthMethod.Trust"/>.</param>
/// <param name="Replication">Whether the role has REPLICATION and may open replication connections.</param>
public sealed record ClusterUser(string Name, AuthMethod Method, string? Password = null, bool Replication = true);
