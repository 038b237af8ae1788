using System.Buffers;
using Microsoft.Extensions.Logging;
using StandbyAgent.Protocol;
using StandbyAgent.Protocol.Replication;

namespace StandbyAgent.Storage;

/// <summary>
/// Writes one timeline's WAL stream into segment files: checks that every message continues
/// exactly where the last one ended, splits messages at segment boundaries, writes straight from
/// the receive buffers, and hands full segments to the durability worker.
/// </summary>
public sealed class WalWriter : IAsyncDisposable
{
    private readonly WalDirectory _directory;
    private readonly ClusterIdentity _identity;
    private readonly uint _timeline;
    private readonly DurabilityWorker _durability;
    private readonly VectoredWriter _vectored = new();
    private readonly ILogger _logger;
    private SegmentFile? _current;
    private Exception? _writeFault;
    private long _written;
    private bool _closed;

    /// <param name="directory">The directory to write into.</param>
    /// <param name="identity">The primary's identity; every segment's first page must carry it.</param>
    /// <param name="timeline">The timeline being streamed: it names the files.</param>
    /// <param name="start">Where streaming starts; must be the start of a segment.</param>
    /// <param name="flushAdvanced">Called on the thread that ran the fsync (the durability thread, or this writer's caller in <see cref="SyncNowIfIdle"/>) whenever the flushed position moves (or the worker fails).</param>
    /// <param name="logger">For segment events.</param>
    /// <param name="syncCompleted">Called on the thread that ran the fsync with the duration of each successful fsync operation.</param>
    public WalWriter(
        WalDirectory directory, ClusterIdentity identity, uint timeline, Lsn start, Action<Lsn>? flushAdvanced, ILogger logger, Action<TimeSpan>? syncCompleted = null)
    {
        if (start.Value % (ulong)identity.SegmentSize != 0)
        {
            throw new ArgumentException($"streaming must start at a segment boundary, not at {start}", nameof(start));
        }

        _directory = directory;
        _identity = identity;
        _timeline = timeline;
        _logger = logger;
        _written = (long)start.Value;
        Start = start;
        _durability = new DurabilityWorker(directory, start, flushAdvanced, syncCompleted);
    }

    public Lsn Start { get; }

    public uint Timeline => _timeline;

    /// <summary>End of the WAL handed to the kernel (written, not necessarily durable).</summary>
    public Lsn Written => new((ulong)Volatile.Read(ref _written));

    /// <summary>End of the WAL fsynced, file and name. Stays at the start with --no-sync.</summary>
    public Lsn Flushed => _durability.Flushed;

    /// <summary>Segments completed by this writer.</summary>
    public long SegmentsCompleted { get; private set; }

    /// <summary>Writes one XLogData payload, which must start exactly at <see cref="Written"/>.</summary>
    /// <exception cref="ProtocolViolationException">The payload leaves a gap, overlaps, or carries another cluster's WAL.</exception>
    /// <exception cref="WalStorageException">The disk refused the write, or an earlier fsync failed.</exception>
    public void Write(Lsn dataStart, ReadOnlySequence<byte> data)
    {
        ThrowIfFaulted();
        if (_writeFault is { } fault)
        {
            throw new WalStorageException($"an earlier write to \"{_directory.Path}\" failed, so this writer stopped: {fault.Message}", fault);
        }

        try
        {
            WriteContiguous(dataStart, data);
        }
        catch (WalStorageException ex)
        {
            // A failed write leaves the file's state unknown: this writer is done (the caller
            // reconnects and streams the segment again from its start).
            _writeFault = ex;
            throw;
        }
    }

    private void WriteContiguous(Lsn dataStart, ReadOnlySequence<byte> data)
    {
        ObjectDisposedException.ThrowIf(_closed, this);
        if (dataStart != Written)
        {
            throw new ProtocolViolationException(
                $"the server sent WAL starting at {dataStart}, but the next byte expected is {Written}: refusing to write a gap or an overlap");
        }

        while (!data.IsEmpty)
        {
            SegmentFile segment = _current ??= OpenNextSegment();
            long offset = (long)(Written - segment.Start);
            ReadOnlySequence<byte> chunk = data.Slice(0, Math.Min(segment.SegmentSize - offset, data.Length));
            if (offset == 0)
            {
                CheckFirstPage(segment, chunk);
            }

            _vectored.Write(segment.Handle, segment.InProgressPath, chunk, offset);
            Volatile.Write(ref _written, _written + chunk.Length);
            data = data.Slice(chunk.Length);
            if (Written == segment.End)
            {
                _durability.EnqueueComplete(segment);
                _current = null;
                SegmentsCompleted++;
                WriterLog.SegmentCompleted(_logger, segment.Name, _timeline, segment.End);
            }
        }
    }

    /// <summary>Asks for what is written so far to be fsynced in the background (group flush).</summary>
    public void RequestSync()
    {
        if (_current is { } segment && Written > Flushed)
        {
            _durability.EnqueueSync(segment, Written);
        }
    }

    /// <summary>
    /// Makes what is written so far durable: on this thread when the durability thread is idle,
    /// else queued behind it (group flush). The synchronous standby's path.
    /// </summary>
    public void SyncNowIfIdle()
    {
        if (_current is { } segment && Written > Flushed)
        {
            _durability.SyncInlineOrEnqueue(segment, Written);
        }
    }

    /// <summary>Waits until everything written so far is durable.</summary>
    public async Task FlushAsync()
    {
        RequestSync();
        await _durability.WhenDoneAsync();
    }

    /// <summary>
    /// Ends the stream: the segment in hand is fsynced and left under its partial name (a full one
    /// was already completed), and every queued fsync and rename has finished.
    /// </summary>
    public async Task CloseAsync()
    {
        if (_closed)
        {
            return;
        }

        _closed = true;
        if (_current is { } segment)
        {
            _durability.EnqueueCloseIncomplete(segment, Written);
            _current = null;
        }

        await _durability.WhenDoneAsync();
    }

    public void ThrowIfFaulted()
    {
        if (_durability.Fault is { } fault)
        {
            throw new WalStorageException($"WAL in \"{_directory.Path}\" could not be made durable, so nothing after {Flushed} is trusted: {fault.Message}", fault);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await CloseAsync();
        }
        finally
        {
            _durability.Dispose();
        }
    }

    /// <summary>
    /// The stream's first segment may resume a file already there; every later one is fresh and
    /// gets its name on the durability thread, after the segment before it is complete.
    /// </summary>
    private SegmentFile OpenNextSegment()
    {
        ulong segment = WalFileName.SegmentNumber(Written, _identity.SegmentSize);
        SegmentFile file;
        if (Written == Start)
        {
            file = _directory.OpenSegment(_timeline, segment, _identity.SegmentSize);
        }
        else
        {
            file = _directory.OpenNextSegment(_timeline, segment, _identity.SegmentSize);
            _durability.EnqueuePublish(file);
        }

        _directory.PrepareSegment(_timeline, segment + 1, _identity.SegmentSize);
        return file;
    }

    /// <summary>
    /// A segment starts with a long page header naming the cluster and the segment: checked before
    /// the first byte is written, so WAL from another cluster or another place is refused.
    /// </summary>
    /// <remarks>
    /// A server never sends less than the header at a segment start: its flush position cannot fall
    /// inside a page header, so a shorter first piece is refused rather than written unchecked.
    /// </remarks>
    private void CheckFirstPage(SegmentFile segment, ReadOnlySequence<byte> chunk)
    {
        if (chunk.Length < WalPageHeader.LongHeaderLength)
        {
            throw new ProtocolViolationException(
                $"the server sent {chunk.Length} bytes at the start of segment {segment.Name}, less than its {WalPageHeader.LongHeaderLength}-byte page header: refusing to write it");
        }

        Span<byte> bytes = stackalloc byte[WalPageHeader.LongHeaderLength];
        chunk.Slice(0, WalPageHeader.LongHeaderLength).CopyTo(bytes);
        WalPageHeader header = WalPageHeader.Parse(bytes);
        if (!header.BelongsTo(segment.Start) || header.SystemIdentifier != _identity.SystemIdentifier || header.SegmentSize != (uint)_identity.SegmentSize)
        {
            throw new ProtocolViolationException(
                $"the first page of segment {segment.Name} does not belong here (page address {header.PageAddress}, system {header.SystemIdentifier}, segment size {header.SegmentSize}; expected {segment.Start}, {_identity.SystemIdentifier}, {_identity.SegmentSize}): refusing to write it");
        }
    }
}
