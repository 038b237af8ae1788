using StandbyAgent.LocalCluster;

namespace StandbyAgent.Testing.Tls;

/// <summary>
/// The users of <see cref="TlsPostgresFixture"/>: <see cref="TestUsers"/>, plus SCRAM users that
/// pg_hba.conf admits only with TLS or only without it, and a user who signs in with a certificate.
/// </summary>
public static class TlsTestUsers
{
    public static ClusterUser SslUser { get; } = new("ssluser", AuthMethod.ScramSha256, "ssluser-secret", Connection: HostConnectionType.HostSsl);

    public static ClusterUser NoSslUser { get; } = new("nossluser", AuthMethod.ScramSha256, "nossluser-secret", Connection: HostConnectionType.HostNoSsl);

    public static ClusterUser CertUser { get; } = new("certuser", AuthMethod.Certificate, Connection: HostConnectionType.HostSsl);

    public static IReadOnlyList<ClusterUser> All { get; } = [.. TestUsers.All, SslUser, NoSslUser, CertUser];
}
