using System.IO.Pipelines;

namespace StandbyAgent.Transport;

/// <summary>Flushing the send side without awaiting, which its settings make safe.</summary>
public static class SendPipe
{
    /// <summary>
    /// Hands what was written to the send loop. The send pipe never pauses its writer
    /// (<see cref="TransportPipes.Send"/>), so the flush always completes at once; this is what lets
    /// synchronous protocol code, and a feedback thread under a lock, send.
    /// </summary>
    public static void FlushNow(this PipeWriter output)
    {
        ValueTask<FlushResult> flush = output.FlushAsync();
        if (!flush.IsCompleted)
        {
            throw new InvalidOperationException("the send pipe applied backpressure, which its settings forbid");
        }

        flush.GetAwaiter().GetResult();
    }
}
