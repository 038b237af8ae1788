using System.Net;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using StandbyAgent.Rdma;
using StandbyAgent.Transport.Buffers;

namespace StandbyAgent.Transport.Rdma;

/// <summary>
/// Connecting, always nonblocking and under the caller's deadline: a blocking rconnect to an
/// unreachable address retries address and route resolution for minutes.
/// </summary>
internal sealed partial class RsocketConnection
{
    private readonly TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _connectCancelled;

    /// <summary>
    /// Starts the connection's thread, which creates the rsocket (that alone can stall 5 s when the
    /// device node is missing), sets its options and connects. Cancelling gives up and closes it.
    /// </summary>
    public static async Task<RsocketConnection> ConnectAsync(
        IPEndPoint endPoint, PinnedBlockMemoryPool pool, RsocketTransportOptions options, ILogger logger, CancellationToken cancellationToken)
    {
        var connection = new RsocketConnection(endPoint, pool, options, logger);
        connection._thread.Start();
        try
        {
            using (cancellationToken.UnsafeRegister(static state => ((RsocketConnection)state!).CancelConnect(), connection))
            {
                await connection._connected.Task;
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private void CancelConnect()
    {
        _connectCancelled = true;
        _wakeUp.Signal();
    }

    /// <returns>False when connecting failed or was cancelled; <see cref="_connected"/> says which.</returns>
    private bool Connect()
    {
        try
        {
            _socket = Rsocket.Create(_endPoint.AddressFamily);
            _socket.SetBufferSizes(_options.ReceiveBufferBytes, _options.SendBufferBytes);
            _socket.SetKeepAlive((int)_options.KeepAlivePeriod.TotalSeconds);
            _socket.SetNoDelay();
            _socket.SetNonBlocking();
            if (!_socket.BeginConnect(_endPoint) && !WaitUntilConnected(_socket))
            {
                _connected.TrySetCanceled();
                return false;
            }

            RdmaLog.Connected(_logger, RemoteAddress, _socket.LocalEndPoint.ToString());
            _connected.TrySetResult();
            return true;
        }
        catch (RsocketException ex)
        {
            _connected.TrySetException(Classify(ex));
            return false;
        }
    }

    /// <returns>False when cancelled first: the cancellation signals the wake-up event, which ends the wait.</returns>
    private bool WaitUntilConnected(Rsocket socket)
    {
        SafeHandle[] handles = [socket.Handle, _wakeUp.Handle];
        Span<PollEvents> events = stackalloc PollEvents[2];
        while (!_connectCancelled)
        {
            events[0] = PollEvents.Out;
            events[1] = PollEvents.In;

            // rpoll drives the connection's state machine; a failure shows as POLLOUT|POLLERR.
            if (RsocketPoll.Wait(handles, events) > 0 && (events[0] & (PollEvents.Out | PollEvents.Error | PollEvents.HangUp)) != 0)
            {
                int error = socket.TakeError();
                return error == 0 ? true : throw new RsocketException("rconnect", error);
            }
        }

        return false;
    }

    private Exception Classify(RsocketException error) => error switch
    {
        { Function: "rsocket" } => RdmaUnavailableException.NoDevice(error),
        { Errno: Errno.ENOMEM } => RdmaUnavailableException.MemoryLockTooLow(MemoryLockLimit.CurrentBytes, _options.PinnedBytes, error),
        { Errno: Errno.ENODEV } => new TransportException(
            $"could not connect over rsocket to {RemoteAddress}: {error.Message}; the address is not reachable through an RDMA device", error),
        _ => new TransportException($"could not connect over rsocket to {RemoteAddress}: {error.Message}", error),
    };
}
