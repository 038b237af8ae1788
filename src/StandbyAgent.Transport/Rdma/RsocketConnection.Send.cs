using System.Buffers;
using System.IO.Pipelines;
using StandbyAgent.Rdma;

namespace StandbyAgent.Transport.Rdma;

/// <summary>
/// Sending: what the protocol flushed is taken from the output pipe by this thread and copied
/// into rsocket's send ring, as much as fits; the rest waits for POLLOUT.
/// </summary>
internal sealed partial class RsocketConnection
{
    private ValueTask<ReadResult>? _pendingRead;
    private ReadOnlySequence<byte> _sending;
    private bool _outputCompleted;
    private long _sent;

    /// <returns>True when there are bytes to send.</returns>
    private bool PrepareSend()
    {
        if (!_sending.IsEmpty)
        {
            return true;
        }

        if (_outputCompleted)
        {
            return false;
        }

        ValueTask<ReadResult> read = _pendingRead ?? _output.Reader.ReadAsync();
        if (!read.IsCompleted)
        {
            if (_pendingRead is null)
            {
                _pendingRead = read;
                read.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(_signal);
            }

            return false;
        }

        _pendingRead = null;
        return StartSending(read.GetAwaiter().GetResult());
    }

    private bool StartSending(ReadResult result)
    {
        _sending = result.Buffer;
        _outputCompleted = result.IsCompleted || result.IsCanceled;
        if (_sending.IsEmpty)
        {
            _output.Reader.AdvanceTo(_sending.End);
            return false;
        }

        return true;
    }

    /// <returns>True when everything taken has been sent.</returns>
    private bool Send(Rsocket socket)
    {
        while (!_sending.IsEmpty)
        {
            if (!socket.TrySend(FirstBytes(_sending), out int sent))
            {
                return false;
            }

            _sending = _sending.Slice(sent);
            _sent += sent;
        }

        _output.Reader.AdvanceTo(_sending.End);
        return true;
    }

    /// <summary>
    /// The first segment that has bytes: a slice that ends exactly at a segment's end starts with
    /// an empty segment, and rsend of nothing returns 0, which would never advance.
    /// </summary>
    private static ReadOnlySpan<byte> FirstBytes(in ReadOnlySequence<byte> sequence)
    {
        foreach (ReadOnlyMemory<byte> segment in sequence)
        {
            if (!segment.IsEmpty)
            {
                return segment.Span;
            }
        }

        return default;
    }
}
