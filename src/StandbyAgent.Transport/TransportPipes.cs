using System.IO.Pipelines;
using StandbyAgent.Transport.Buffers;

namespace StandbyAgent.Transport;

/// <summary>
/// The pipe settings every transport shares; backpressure is configuration, not code.
/// </summary>
public static class TransportPipes
{
    /// <summary>
    /// The receive side pauses the network when this much is unread. It must hold the largest
    /// message the protocol accepts (1 MiB) with room to spare, or a reader waiting for the rest
    /// of one message would stall the writer that has to deliver it.
    /// </summary>
    public const long PauseReceiveThreshold = 4 * 1024 * 1024;

    public const long ResumeReceiveThreshold = 2 * 1024 * 1024;

    /// <summary>
    /// Bytes a receive call asks for at least (the rest of the current block is offered too): half a
    /// block, so one read usually takes a whole 128 KiB XLogData message.
    /// </summary>
    public const int MinimumReceiveSize = PinnedBlockMemoryPool.DefaultBlockSize / 2;

    /// <summary>
    /// The receive side. The reader (the protocol) runs inline on the transport's receive thread:
    /// every transport delivers from a dedicated I/O thread, so parsing and writing WAL happen
    /// right there, without a hand-off per read.
    /// </summary>
    /// <param name="pool">The pinned pool the receive side lands in.</param>
    public static PipeOptions Receive(PinnedBlockMemoryPool pool) =>
        new(
            pool,
            readerScheduler: PipeScheduler.Inline,
            writerScheduler: PipeScheduler.Inline,
            pauseWriterThreshold: PauseReceiveThreshold,
            resumeWriterThreshold: ResumeReceiveThreshold,
            minimumSegmentSize: pool.MaxBufferSize,
            useSynchronizationContext: false);

    /// <summary>
    /// The send side never pauses: what the client sends (status updates, a few commands) is tiny,
    /// and a flush that cannot block lets a feedback thread write under a plain lock. Its reader,
    /// the send loop, runs inline: a status update reaches the socket on the thread that wrote it,
    /// the moment an fsync completes, which is what a synchronous primary is waiting for.
    /// </summary>
    public static PipeOptions Send(PinnedBlockMemoryPool pool) =>
        new(
            pool,
            readerScheduler: PipeScheduler.Inline,
            writerScheduler: PipeScheduler.Inline,
            pauseWriterThreshold: 0,
            resumeWriterThreshold: 0,
            minimumSegmentSize: 4096,
            useSynchronizationContext: false);
}
