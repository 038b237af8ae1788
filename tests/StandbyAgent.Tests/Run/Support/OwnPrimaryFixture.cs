using StandbyAgent.LocalCluster;
using StandbyAgent.Testing;

namespace StandbyAgent.Tests.Run.Support;

/// <summary>A primary of a test class's own, for tests that restart or replace it; the shared one must not be disturbed.</summary>
public sealed class OwnPrimaryFixture : IAsyncLifetime
{
    public LocalPostgresContainer Primary { get; } = new(new LocalClusterOptions { WalSegmentSizeMb = PostgresFixture.WalSegmentSizeMb, Users = TestUsers.All });

    public Task InitializeAsync() => Primary.StartAsync();

    public async Task DisposeAsync() => await Primary.DisposeAsync();
}
