using StandbyAgent.LocalCluster;

namespace StandbyAgent.Testing;

/// <summary>The users <see cref="PostgresFixture"/> creates: one per authentication method, all with REPLICATION.</summary>
public static class TestUsers
{
    public static ClusterUser Replicator { get; } = new("replicator", AuthMethod.ScramSha256, "replicator-secret");

    public static ClusterUser Md5User { get; } = new("md5user", AuthMethod.Md5, "md5user-secret");

    public static ClusterUser PasswordUser { get; } = new("pwuser", AuthMethod.Password, "pwuser-secret");

    public static ClusterUser TrustUser { get; } = new("trustuser", AuthMethod.Trust);

    public static IReadOnlyList<ClusterUser> All { get; } = [Replicator, Md5User, PasswordUser, TrustUser];
}
