using System.Globalization;
using StandbyAgent.Replication.Streaming;

namespace StandbyAgent.Metrics;

/// <summary>
/// Ready means streaming, with the last message from the server younger than the receiver
/// timeout (any age when the timeout is off). An idle primary still sends keepalives, and the
/// receiver pings it at half the timeout, so an old message means a stuck receiver or a dead link.
/// </summary>
internal sealed class ReadinessProbe(ReceiverStatus status, TimeSpan receiverTimeout, TimeProvider time)
{
    public Readiness Check()
    {
        ReceiverState state = status.State;
        if (state != ReceiverState.Streaming)
        {
            return new Readiness(false, $"not streaming: the receiver is {state.Label()}");
        }

        long receipt = status.Progress.LastMessageReceiptUnixMicroseconds;
        if (receipt == 0)
        {
            return new Readiness(false, "streaming, but no message from the server yet");
        }

        TimeSpan age = time.GetUtcNow() - DateTimeOffset.UnixEpoch.AddTicks(receipt * TimeSpan.TicksPerMicrosecond);
        if (receiverTimeout > TimeSpan.Zero && age >= receiverTimeout)
        {
            return new Readiness(false, string.Create(
                CultureInfo.InvariantCulture, $"last message from the server {age.TotalSeconds:0} s ago, receiver timeout {receiverTimeout.TotalSeconds:0} s"));
        }

        return new Readiness(true, string.Create(CultureInfo.InvariantCulture, $"streaming; last message from the server {age.TotalSeconds:0.0} s ago"));
    }
}
