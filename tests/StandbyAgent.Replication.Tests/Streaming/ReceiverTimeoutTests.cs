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
        // Due at half the timeout, checked each quarter: a loaded machine may add a scheduling
        // delay, but the ping must still leave before the receiver gives up.
        Assert.InRange(Stopwatch.GetElapsedTime(silenceStarted, ping.ReceivedTimestamp), timeout / 2, timeout);
        Assert.InRange(gaveUpAfter, timeout, timeout * 3);
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
