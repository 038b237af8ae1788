namespace StandbyAgent.LocalCluster;

/// <summary>A login role created when the cluster is initialized, with its pg_hba.conf rules.</summary>
/// <param name="Password">Required by every method but <see cref="AuthMethod.Trust"/> and <see cref="AuthMethod.Certificate"/>.</param>
/// <param name="Replication">Whether the role has REPLICATION and may open replication connections.</param>
/// <param name="Connection">Which TCP connections its rules match: any, TLS only or plain only.</param>
public sealed record ClusterUser(string Name, AuthMethod Method, string? Password = null, bool Replication = true, HostConnectionType Connection = HostConnectionType.Host)
{
    /// <summary>Shown without the password.</summary>
    public override string ToString() => $"ClusterUser {{ Name = {Name}, Method = {Method}, Connection = {Connection} }}";
}
