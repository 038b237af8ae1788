using System.Net;
using System.Runtime.InteropServices;
using StandbyAgent.Rdma;
using StandbyAgent.Transport.Rdma;

namespace StandbyAgent.Relay;

/// <summary>
/// The rsocket listener one session's client connects to, as a Postgres Pro backend opens it: on
/// the server's address of the TCP connection, on the first free port above the relay's own.
/// rsocket ports are rdma_cm's, apart from the kernel's TCP ports.
/// </summary>
internal sealed class RsocketPortListener : IDisposable
{
    private readonly Rsocket _socket;
    private readonly RsocketTransportOptions _options;

    private RsocketPortListener(Rsocket socket, IPEndPoint endPoint, RsocketTransportOptions options)
    {
        _socket = socket;
        EndPoint = endPoint;
        _options = options;
    }

    public IPEndPoint EndPoint { get; }

    /// <param name="options">Buffer sizes, which the accepted connection inherits, and its keepalive.</param>
    public static RsocketPortListener Open(IPAddress address, int firstPort, RsocketTransportOptions options)
    {
        for (int port = firstPort; port <= IPEndPoint.MaxPort; port++)
        {
            Rsocket socket = Rsocket.Create(address.AddressFamily);
            try
            {
                var endPoint = new IPEndPoint(address, port);
                socket.SetBufferSizes(options.ReceiveBufferBytes, options.SendBufferBytes);
                socket.Bind(endPoint);
                socket.SetNonBlocking();
                socket.Listen(1);
                return new RsocketPortListener(socket, endPoint, options);
            }
            catch (RsocketException ex) when (ex.Errno == Errno.EADDRINUSE)
            {
                socket.Dispose();
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw new RsocketException("rbind", Errno.EADDRINUSE);
    }

    /// <summary>
    /// Waits, blocking this thread, for the client that asked for the listener. A connection from
    /// any other address is closed: between the reply and the connection, the port is open to
    /// anyone, and the session behind it is already authenticated.
    /// </summary>
    /// <returns>The connection, or null when the time ran out or the relay is stopping.</returns>
    public Rsocket? Accept(IPAddress client, TimeSpan timeout, WakeUpEvent stopping, Action<IPEndPoint> refused)
    {
        // rpoll cannot be given a timeout safely (see RsocketPoll); a timer wakes it instead.
        using var deadline = new WakeUpEvent();
        using var timer = new Timer(static state => ((WakeUpEvent)state!).Signal(), deadline, timeout, Timeout.InfiniteTimeSpan);
        SafeHandle[] handles = [_socket.Handle, stopping.Handle, deadline.Handle];
        Span<PollEvents> events = stackalloc PollEvents[3];
        while (true)
        {
            events[0] = PollEvents.In;
            events[1] = PollEvents.In;
            events[2] = PollEvents.In;
            RsocketPoll.Wait(handles, events);
            if (((events[1] | events[2]) & PollEvents.In) != 0)
            {
                return null;
            }

            if ((events[0] & PollEvents.In) != 0 && _socket.TryAccept() is { } accepted)
            {
                IPEndPoint peer = Rsocket.Normalize(accepted.RemoteEndPoint);
                if (peer.Address.Equals(client))
                {
                    try
                    {
                        accepted.SetKeepAlive((int)_options.KeepAlivePeriod.TotalSeconds);
                        accepted.SetNoDelay();
                    }
                    catch
                    {
                        accepted.Dispose();
                        throw;
                    }

                    return accepted;
                }

                refused(peer);
                accepted.Dispose();
            }
        }
    }

    public void Dispose() => _socket.Dispose();
}
