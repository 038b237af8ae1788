using StandbyAgent.Protocol;
using StandbyAgent.Replication.Streaming;
using StandbyAgent.Testing.FakeServer;
using Xunit;

namespace StandbyAgent.Replication.Tests.Streaming;

/// <summary>As a synchronous standby the receiver reports each batch flushed the moment it is durable.</summary>
public sealed class SynchronousModeTests
{
    private const int MessageSize = 128 * 1024;

    [Fact]
    public async Task Reports_the_flush_position_as_soon_as_each_batch_is_durable_and_never_beyond_write()
    {
        await using var harness = new ReceiverHarness();
        Lsn start = ReceiverHarness.StreamStart;

        // No status interval and no keepalives: only the durability thread can report these flushes.
        harness.StartReceiver(new StreamingOptions { Synchronous = true, ReportFlush = true, StatusInterval = TimeSpan.Zero });
        FakeServerConnection server = await harness.BeginStreamingAsync();
        Lsn[] batchEnds = [start + 8192, start + 300_000, start + ReceiverHarness.SegmentSize + 5000];
        Lsn from = start;
        foreach (Lsn batchEnd in batchEnds)
        {
            await server.WriteWal(harness.Wal, from, batchEnd, MessageSize, ReceiverHarness.FarWalEnd).FlushAsync();
            ReceivedStatusUpdate flushed = await server.ExpectStatusUpdateAsync(update => update.Flush == batchEnd);
            Assert.Equal(batchEnd, flushed.Write);
            from = batchEnd;
        }

        await server.ShutDownAsync();

        Assert.Equal(StreamEnd.ServerEnded, await harness.ClientOutcomeAsync());
        Assert.All(server.StatusUpdates, update =>
        {
            Assert.True(update.Flush <= update.Write, $"flush {update.Flush} is beyond write {update.Write}");
            Assert.Equal(Lsn.Invalid, update.Apply);
        });
    }
}
