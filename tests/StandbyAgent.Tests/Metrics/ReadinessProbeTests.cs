using StandbyAgent.Metrics;
using StandbyAgent.Replication.Streaming;

namespace StandbyAgent.Tests.Metrics;

public sealed class ReadinessProbeTests
{
    private static readonly DateTimeOffset s_now = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private readonly ReceiverStatus _status = new();
    private readonly ManualTime _time = new(s_now);

    [Theory]
    [InlineData(ReceiverState.Connecting, "not streaming: the receiver is connecting")]
    [InlineData(ReceiverState.Backoff, "not streaming: the receiver is backoff")]
    [InlineData(ReceiverState.Stopped, "not streaming: the receiver is stopped")]
    public void A_receiver_that_is_not_streaming_is_not_ready(ReceiverState state, string reason)
    {
        _status.SetState(state);
        HeardFromServer(s_now);

        Assert.Equal(new Readiness(false, reason), Probe(TimeSpan.FromSeconds(60)).Check());
    }

    [Fact]
    public void Streaming_without_a_message_yet_is_not_ready()
    {
        _status.SetState(ReceiverState.Streaming);

        Assert.Equal(new Readiness(false, "streaming, but no message from the server yet"), Probe(TimeSpan.FromSeconds(60)).Check());
    }

    [Fact]
    public void A_message_exactly_as_old_as_the_receiver_timeout_is_too_old()
    {
        _status.SetState(ReceiverState.Streaming);
        HeardFromServer(s_now.AddSeconds(-30));

        Assert.True(Probe(TimeSpan.FromSeconds(31)).Check().IsReady);
        Assert.Equal(new Readiness(false, "last message from the server 30 s ago, receiver timeout 30 s"), Probe(TimeSpan.FromSeconds(30)).Check());
    }

    [Fact]
    public void With_the_receiver_timeout_off_any_age_is_ready()
    {
        _status.SetState(ReceiverState.Streaming);
        HeardFromServer(s_now.AddHours(-1));

        Assert.Equal(new Readiness(true, "streaming; last message from the server 3600.0 s ago"), Probe(TimeSpan.Zero).Check());
    }

    private ReadinessProbe Probe(TimeSpan receiverTimeout) => new(_status, receiverTimeout, _time);

    private void HeardFromServer(DateTimeOffset when) =>
        _status.Progress.Received(0, 0, (when - DateTimeOffset.UnixEpoch).Ticks / 10, Protocol.PostgresClock.ToPostgresMicroseconds(when));
}
