using StandbyAgent.Protocol;
using StandbyAgent.Replication.Streaming;
using StandbyAgent.Testing.FakeServer;
using StandbyAgent.Testing.Wire;
using Xunit;

namespace StandbyAgent.Replication.Tests.Streaming;

/// <summary>Tests that measure the process's memory, so they run alone.</summary>
[CollectionDefinition(nameof(MemoryMeasurements), DisableParallelization = true)]
public sealed class MemoryMeasurements;

/// <summary>Hundreds of thousands of keepalives cost the receiver time, never memory.</summary>
[Collection(nameof(MemoryMeasurements))]
public sealed class KeepaliveStormTests
{
    private const int KeepalivesPerRound = 20_000;

    private const int Rounds = 20;

    /// <summary>Loose: the storm is 9 MB on the wire; keeping 20 bytes per keepalive would be 8 MB.</summary>
    private const long AllowedGrowth = 8 * 1024 * 1024;

    [Fact]
    public async Task A_keepalive_storm_is_answered_in_bounded_memory()
    {
        await using var harness = new ReceiverHarness();
        harness.StartReceiver(new StreamingOptions { StatusInterval = TimeSpan.Zero });
        FakeServerConnection server = await harness.BeginStreamingAsync();
        await server.ExpectStatusUpdateAsync();
        byte[] storm = Storm();

        // Each round: a storm that asks for nothing, then one keepalive that asks for an answer.
        await RoundAsync(server, storm);
        long baseline = GC.GetTotalMemory(forceFullCollection: true);
        for (int round = 0; round < Rounds; round++)
        {
            await RoundAsync(server, storm);
        }

        long growth = GC.GetTotalMemory(forceFullCollection: true) - baseline;
        await server.ShutDownAsync();

        Assert.Equal(StreamEnd.ServerEnded, await harness.ClientOutcomeAsync());
        harness.AssertNothingOutsideWalDirectoryChanged();
        Assert.True(growth < AllowedGrowth, $"memory grew by {growth} bytes over {Rounds * KeepalivesPerRound} keepalives");
        Assert.Equal(Rounds + 2, server.StatusUpdates.Count);
    }

    private static byte[] Storm()
    {
        var storm = new PayloadBuilder();
        for (int i = 0; i < KeepalivesPerRound; i++)
        {
            storm.Bytes(BackendMessages.Frame(BackendMessageCode.CopyData, BackendMessages.PrimaryKeepalive(ReceiverHarness.FarWalEnd.Value, i, 0)));
        }

        return storm.ToArray();
    }

    private static async Task RoundAsync(FakeServerConnection server, byte[] storm)
    {
        await server.WriteRaw(storm).WriteKeepalive(ReceiverHarness.FarWalEnd, replyRequested: true).FlushAsync();
        await server.ExpectStatusUpdateAsync();
    }
}
