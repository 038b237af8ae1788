using System.Diagnostics;
using StandbyAgent.Protocol;
using StandbyAgent.Replication.Streaming;
using StandbyAgent.Testing.FakeServer;
using Xunit;

namespace StandbyAgent.Replication.Tests.Streaming;

/// <summary>wal_receiver_timeout: ping a silent server at half the timeout, give up at the timeout.</summary>
public sealed class ReceiverTimeoutTests
{
    [Theory]
    [InlineData(6000)]
    [InlineData(2000)]
    public async Task Pings_a_silent_server_at_half_the_timeout_then_gives_up_at_the_timeout(int timeoutMilliseconds)
    {
        var timeout = TimeSpan.FromMilliseconds(timeoutMilliseconds);
        await using var harness = new ReceiverHarness();
        harness.StartReceiver(new StreamingOptions { ReceiverTimeout = timeout });

        // CopyBoth, then silence.
        FakeServerConnection server = await harness.BeginStreamingAsync();
        long silenceStarted = server.CopyBothSentTimestamp;

        TimeoutException error = await harness.ClientFailureAsync<TimeoutException>();
        TimeSpan gaveUpAfter = Stopwatch.GetElapsedTime(silenceStarted);
        await harness.AssertCleanlyDisconnectedAsync(server);
        ReceivedStatusUpdate ping = Assert.Single(server.StatusUpdates, update => update.ReplyRequested);
        // Due at half the timeout, checked each quarter; a loaded machine may delay it (the test
        // below holds the receiver up past the whole timeout), never bring it forward.
        Assert.True(Stopwatch.GetElapsedTime(silenceStarted, ping.ReceivedTimestamp) >= timeout / 2, "the ping left before half the timeout");
        Assert.InRange(gaveUpAfter, timeout, timeout * 3);
        Assert.Contains("timeout", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_receiver_held_up_past_the_whole_timeout_pings_before_it_gives_up()
    {
        var timeout = TimeSpan.FromSeconds(2);
        var clock = new LeapingClock();
        await using var harness = new ReceiverHarness();
        harness.StartReceiver(new StreamingOptions { ReceiverTimeout = timeout }, time: clock);

        // The first status update leaves once the silence is being timed; then the receiver's clock
        // jumps by the whole timeout, as if the process had been stopped that long.
        FakeServerConnection server = await harness.BeginStreamingAsync();
        await server.ExpectStatusUpdateAsync();
        long leapt = Stopwatch.GetTimestamp();
        clock.Leap(timeout);

        TimeoutException error = await harness.ClientFailureAsync<TimeoutException>();
        TimeSpan gaveUpAfter = Stopwatch.GetElapsedTime(leapt);
        await harness.AssertCleanlyDisconnectedAsync(server);
        Assert.Single(server.StatusUpdates, update => update.ReplyRequested);
        // The ping goes out at the first tick after the leap, which may come at once, and is then
        // given a quarter of the timeout to be answered.
        Assert.InRange(gaveUpAfter, timeout / 4, timeout * 3);
        Assert.Contains("timeout", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_that_answers_the_pings_keeps_a_quiet_stream_alive_past_the_timeout()
    {
        var timeout = TimeSpan.FromSeconds(6);
        await using var harness = new ReceiverHarness();
        harness.StartReceiver(new StreamingOptions { ReceiverTimeout = timeout });

        // No WAL at all; every ping gets a keepalive back, for longer than the timeout.
        FakeServerConnection server = await harness.BeginStreamingAsync();
        long quietSince = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(quietSince) < timeout + TimeSpan.FromSeconds(1))
        {
            await server.ExpectStatusUpdateAsync(update => update.ReplyRequested);
            await server.WriteKeepalive(ReceiverHarness.StreamStart, replyRequested: false).FlushAsync();
        }

        await server.ShutDownAsync();

        Assert.Equal(StreamEnd.ServerEnded, await harness.ClientOutcomeAsync());
        Assert.All(server.StatusUpdates, update => Assert.Equal(ReceiverHarness.StreamStart, update.Write));
    }
}
