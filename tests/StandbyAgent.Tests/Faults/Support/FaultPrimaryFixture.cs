using StandbyAgent.LocalCluster;
using StandbyAgent.Testing;

namespace StandbyAgent.Tests.Faults.Support;

/// <summary>
/// A primary of a fault-test class's own, which it may load, restart and reconfigure: 1 MB
/// segments, so that kills, full disks and stalls meet segment boundaries all the time, and a
/// walsender that stops hearing from its standby gives up after 10 s instead of a minute (the
/// slot it holds is free again sooner after a silent partition).
/// </summary>
public class FaultPrimaryFixture : IAsyncLifetime
{
    public const int SegmentSizeMb = 1;

    public const int SegmentSize = SegmentSizeMb * 1024 * 1024;

    public FaultPrimaryFixture()
        : this(new Dictionary<string, string>())
    {
    }

    /// <param name="settings">postgresql.conf settings a class needs, added to these.</param>
    protected FaultPrimaryFixture(IReadOnlyDictionary<string, string> settings)
    {
        Dictionary<string, string> all = new() { ["wal_sender_timeout"] = "10s" };
        foreach ((string name, string value) in settings)
        {
            all[name] = value;
        }

        Primary = new LocalPostgresContainer(new LocalClusterOptions { WalSegmentSizeMb = SegmentSizeMb, Users = TestUsers.All, Settings = all });
    }

    public LocalPostgresContainer Primary { get; }

    public Task InitializeAsync() => Primary.StartAsync();

    public async Task DisposeAsync() => await Primary.DisposeAsync();
}
