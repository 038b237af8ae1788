namespace StandbyAgent.Tests.Rdma;

/// <summary>
/// The harness boots one guest for all its tests. It runs alone, after the parallel collections:
/// the guest's emulated CPUs take this machine's two cores.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SoftRoceCollection : ICollectionFixture<SoftRoceHarness>
{
    public const string Name = "soft-roce";
}
