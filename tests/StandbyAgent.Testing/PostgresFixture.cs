using StandbyAgent.LocalCluster;
using Xunit;

namespace StandbyAgent.Testing;

/// <summary>
/// One primary shared by a test collection, with <see cref="TestUsers"/> and a trusted
/// superuser; stopped and deleted when the collection is done. xunit finds collection
/// definitions only in the test assembly itself, so each test project declares its own:
/// <code>
/// [CollectionDefinition(PostgresFixture.CollectionName)]
/// public sealed class PostgresCollection : ICollectionFixture&lt;PostgresFixture&gt;;
/// </code>
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    public const string CollectionName = "postgres";

    public const int WalSegmentSizeMb = 16;

    public IPostgresContainer Container { get; } = new LocalPostgresContainer(
        new LocalClusterOptions { WalSegmentSizeMb = WalSegmentSizeMb, Users = TestUsers.All });

    public Task InitializeAsync() => Container.StartAsync();

    public async Task DisposeAsync() => await Container.DisposeAsync();
}
