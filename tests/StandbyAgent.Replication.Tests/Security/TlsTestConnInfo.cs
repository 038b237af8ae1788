using System.Globalization;
using StandbyAgent.LocalCluster;
using StandbyAgent.Testing.Tls;

namespace StandbyAgent.Replication.Tests.Security;

/// <summary>Connection strings for the TLS fixture, the same for libpq and the agent.</summary>
internal static class TlsTestConnInfo
{
    /// <summary>
    /// The server by the name in its certificate, reached at 127.0.0.1, with the test root trusted.
    /// </summary>
    /// <param name="more">Further keyword=value pairs, which win over the ones here.</param>
    public static string For(TlsPostgresFixture fixture, ClusterUser user, string more, string? password = null) =>
        $"host={TestPki.ServerName} hostaddr=127.0.0.1 port={fixture.Cluster.Port.ToString(CultureInfo.InvariantCulture)} user={user.Name} "
        + $"{(password ?? user.Password) switch { null => string.Empty, var secret => $"password={secret} " }}sslrootcert={fixture.Pki.RootCertificateFile} connect_timeout=10 {more}";
}
