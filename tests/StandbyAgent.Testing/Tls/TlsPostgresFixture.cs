using StandbyAgent.LocalCluster;
using Xunit;

namespace StandbyAgent.Testing.Tls;

/// <summary>
/// One primary with TLS on, shared by a test collection, with <see cref="TlsTestUsers"/> and the
/// certificates of <see cref="Pki"/>. Tests that need the server without TLS, or with another
/// certificate, switch it with <see cref="UseServerTlsAsync"/> (a restart) and the collection
/// runs them one at a time. Each test project declares the collection:
/// <code>
/// [CollectionDefinition(TlsPostgresFixture.CollectionName)]
/// public sealed class TlsPostgresCollection : ICollectionFixture&lt;TlsPostgresFixture&gt;;
/// </code>
/// </summary>
public sealed class TlsPostgresFixture : IAsyncLifetime
{
    public const string CollectionName = "postgres-tls";

    public TlsPostgresFixture()
    {
        Container = new LocalPostgresContainer(new LocalClusterOptions { Users = TlsTestUsers.All, Tls = Pki.ServerTls });
    }

    public TestPki Pki { get; } = new();

    public LocalPostgresContainer Container { get; }

    public LocalPostgresCluster Cluster => Container.Cluster;

    public Task InitializeAsync() => Container.StartAsync();

    /// <summary>Restarts the server with this TLS (null: TLS off) unless it already runs with it.</summary>
    public async Task UseServerTlsAsync(ServerTls? tls)
    {
        if (Cluster.Options.Tls != tls)
        {
            await Cluster.RestartWithTlsAsync(tls);
        }
    }

    public async Task DisposeAsync()
    {
        await Container.DisposeAsync();
        Pki.Dispose();
    }
}
