using System.Net.Sockets;
using System.Runtime.InteropServices;
using StandbyAgent.Rdma;

namespace StandbyAgent.Relay;

/// <summary>
/// Moves bytes between the client's rsocket and the server's TCP socket, both ways, on the
/// calling thread, until either side ends. Each direction has one pinned buffer that is read into
/// and written out of in place: no copy beyond rsocket's own and the kernel's.
/// </summary>
internal sealed class RsocketSplice
{
    private readonly Rsocket _client;
    private readonly Socket _server;
    private readonly WakeUpEvent _stopping;
    private readonly Direction _toServer;
    private readonly Direction _toClient;

    public RsocketSplice(Rsocket client, Socket server, WakeUpEvent stopping, int bufferSize)
    {
        _client = client;
        _server = server;
        _stopping = stopping;
        _toServer = new Direction(bufferSize);
        _toClient = new Direction(bufferSize);
    }

    public long FromClient => _toServer.Moved;

    public long ToClient => _toClient.Moved;

    /// <returns>Why it ended: which side closed, or that the relay is stopping.</returns>
    public string Run()
    {
        _client.SetNonBlocking();
        _server.Blocking = false;
        SafeHandle[] handles = [_stopping.Handle, _client.Handle, _server.SafeHandle];
        Span<PollEvents> events = stackalloc PollEvents[3];
        while (true)
        {
            if (_toServer.Finished)
            {
                return "the client closed its connection";
            }

            if (_toClient.Finished)
            {
                return "the server closed its connection";
            }

            events[0] = PollEvents.In;
            events[1] = Interest(_toServer, _toClient);
            events[2] = Interest(_toClient, _toServer);
            RsocketPoll.Wait(handles, events);
            if ((events[0] & PollEvents.In) != 0)
            {
                return "the relay is stopping";
            }

            if (Readable(events[1]) && _toServer.HasRoom && _client.TryReceive(_toServer.Free, out int fromClient))
            {
                // rrecv returns 0 at the end of the stream and after a failure alike.
                if (fromClient == 0 && _client.TakeError() is var errno and not 0)
                {
                    throw new RsocketException("rrecv", errno);
                }

                _toServer.Filled(fromClient);
            }

            if (Readable(events[2]) && _toClient.HasRoom)
            {
                int fromServer = _server.Receive(_toClient.Free, SocketFlags.None, out SocketError error);
                if (error != SocketError.WouldBlock)
                {
                    _toClient.Filled(error == SocketError.Success ? fromServer : throw new SocketException((int)error));
                }
            }

            if (_toServer.HasData)
            {
                int sent = _server.Send(_toServer.Pending, SocketFlags.None, out SocketError error);
                _toServer.Drained(error switch
                {
                    SocketError.Success => sent,
                    SocketError.WouldBlock => 0,
                    _ => throw new SocketException((int)error),
                });
            }

            if (_toClient.HasData)
            {
                _toClient.Drained(_client.TrySend(_toClient.Pending, out int sent) ? sent : 0);
            }
        }
    }

    /// <summary>Read from a side while its buffer has room; wait until it can take more while the other direction holds bytes for it.</summary>
    private static PollEvents Interest(Direction from, Direction to) =>
        (from.HasRoom && !from.SourceEnded ? PollEvents.In : PollEvents.None) | (to.HasData ? PollEvents.Out : PollEvents.None);

    private static bool Readable(PollEvents events) => (events & (PollEvents.In | PollEvents.HangUp | PollEvents.Error)) != 0;

    /// <summary>One direction's buffer: bytes read from one side and not yet written to the other.</summary>
    private sealed class Direction(int size)
    {
        private readonly byte[] _buffer = GC.AllocateUninitializedArray<byte>(size, pinned: true);
        private int _start;
        private int _end;

        public long Moved { get; private set; }

        public bool SourceEnded { get; private set; }

        /// <summary>The source ended and everything it sent was delivered.</summary>
        public bool Finished => SourceEnded && !HasData;

        public bool HasRoom => _end < _buffer.Length;

        public bool HasData => _end > _start;

        public Span<byte> Free => _buffer.AsSpan(_end);

        public ReadOnlySpan<byte> Pending => _buffer.AsSpan(_start, _end - _start);

        /// <param name="received">Bytes read into <see cref="Free"/>; 0 at the end of the stream.</param>
        public void Filled(int received)
        {
            _end += received;
            SourceEnded |= received == 0;
        }

        public void Drained(int sent)
        {
            _start += sent;
            Moved += sent;
            if (_start == _end)
            {
                _start = _end = 0;
            }
        }
    }
}
