using System.Buffers;
using System.IO.Pipelines;
using StandbyAgent.Protocol.Framing;
using StandbyAgent.Transport;

namespace StandbyAgent.Replication.Connection;

/// <summary>
/// Feeds complete frames from a pipe to a handler: the one place where awaiting the network and
/// parsing meet. Parsing itself happens in a synchronous method, on the pipe's own memory.
/// </summary>
internal static class FrameReading
{
    public static async ValueTask ReadUntilAsync(PipeReader input, IFrameHandler handler, CancellationToken cancellationToken)
    {
        while (true)
        {
            ReadResult result = await input.ReadAsync(cancellationToken);
            ReadOnlySequence<byte> buffer = result.Buffer;
            bool done = Dispatch(buffer, handler, out SequencePosition consumed);
            input.AdvanceTo(consumed, done ? consumed : buffer.End);
            if (done)
            {
                return;
            }

            // A cancelled pending read is only a wake-up (a timer, the durability thread): read again.
            if (result.IsCompleted)
            {
                throw ServerClosed();
            }
        }
    }

    public static TransportException ServerClosed() =>
        new("server closed the connection unexpectedly: it probably terminated abnormally before or while processing the request");

    private static bool Dispatch(ReadOnlySequence<byte> buffer, IFrameHandler handler, out SequencePosition consumed)
    {
        var reader = new SequenceReader<byte>(buffer);
        try
        {
            while (BackendFrameReader.TryRead(ref reader, out BackendFrame frame))
            {
                if (handler.Handle(frame))
                {
                    return true;
                }
            }

            return false;
        }
        finally
        {
            consumed = reader.Position;
        }
    }
}
