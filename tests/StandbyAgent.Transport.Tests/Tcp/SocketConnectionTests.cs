using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using StandbyAgent.Transport.Buffers;
using StandbyAgent.Transport.Tcp;
using Xunit;

namespace StandbyAgent.Transport.Tests.Tcp;

/// <summary>The kernel-socket transport against a plain loopback socket on the other end.</summary>
public sealed class SocketConnectionTests : IAsyncLifetime
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    private readonly PinnedBlockMemoryPool _pool = new(blockSize: 4096);
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private Socket? _server;
    private ITransportConnection? _connection;

    private Socket Server => _server!;

    private ITransportConnection Connection => _connection!;

    public async Task InitializeAsync()
    {
        _listener.Start();
        Task<Socket> accept = _listener.AcceptSocketAsync();
        var target = new TransportTarget("127.0.0.1", "127.0.0.1", ((IPEndPoint)_listener.LocalEndpoint).Port);
        _connection = await new SocketTransportFactory(_pool).ConnectAsync(target, CancellationToken.None);
        _server = await accept;
    }

    public async Task DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }

        _server?.Dispose();
        _listener.Stop();
        _pool.Dispose();
    }

    [Fact]
    public async Task Bytes_sent_by_the_server_arrive_in_order_across_many_blocks()
    {
        byte[] sent = [.. Enumerable.Range(0, 100_000).Select(i => (byte)(i * 7))];
        await Server.SendAsync(sent);

        byte[] received = await ReadAsync(Connection.Input, sent.Length);

        Assert.Equal(sent, received);
        Assert.Equal("tcp", Connection.TransportName);
    }

    [Fact]
    public async Task What_the_client_writes_reaches_the_server()
    {
        Connection.Output.Write("status update"u8);
        Connection.Output.FlushNow();

        var buffer = new byte[13];
        int received = 0;
        while (received < buffer.Length)
        {
            received += await Server.ReceiveAsync(buffer.AsMemory(received)).AsTask().WaitAsync(s_timeout);
        }

        Assert.Equal("status update"u8.ToArray(), buffer);
    }

    [Fact]
    public async Task What_the_client_writes_faster_than_the_server_reads_waits_for_room_and_arrives_in_order()
    {
        // More than the kernel's buffers on both sides hold: the send runs out of room and has to
        // wait until the server reads.
        byte[] sent = [.. Enumerable.Range(0, 16 * 1024 * 1024).Select(i => (byte)(i * 31))];
        Connection.Output.Write(sent);
        Connection.Output.FlushNow();

        var received = new byte[sent.Length];
        int count = 0;
        while (count < received.Length)
        {
            count += await Server.ReceiveAsync(received.AsMemory(count)).AsTask().WaitAsync(s_timeout);
        }

        Assert.Equal(sent, received);
    }

    [Fact]
    public async Task What_is_queued_when_the_connection_is_closed_is_still_sent()
    {
        Connection.Output.Write("goodbye"u8);
        Connection.Output.FlushNow();
        await Connection.DisposeAsync();
        _connection = null;

        byte[] received = await ReceiveUntilClosedAsync(Server);

        Assert.Equal("goodbye"u8.ToArray(), received);
    }

    [Fact]
    public async Task The_server_closing_completes_the_input_and_is_recorded_as_the_reason()
    {
        Server.Shutdown(SocketShutdown.Send);

        ReadResult result = await ReadToEndAsync(Connection.Input);

        Assert.True(result.IsCompleted);
        Assert.Equal(ShutdownReason.RemoteClose, Connection.ShutdownReason);
    }

    [Fact]
    public async Task A_reset_connection_surfaces_as_a_transport_exception_from_the_input()
    {
        Server.LingerState = new LingerOption(enable: true, seconds: 0);
        Server.Close();

        await Assert.ThrowsAsync<TransportException>(() => ReadToEndAsync(Connection.Input).WaitAsync(s_timeout));
        Assert.Equal(ShutdownReason.NetworkError, Connection.ShutdownReason);
    }

    [Fact]
    public async Task The_connection_can_be_disposed_from_its_own_receive_thread()
    {
        // The protocol runs inline on the receive thread, so the code that ends a session, and
        // disposes the connection, may run there.
        ValueTask<ReadResult> pending = Connection.Input.ReadAsync();
        Assert.False(pending.IsCompleted, "nothing was sent yet");
        string? threadName = null;
        Task endOfSession = EndSessionAsync(pending);

        await Server.SendAsync(new byte[] { 1 });
        await endOfSession.WaitAsync(s_timeout);

        Assert.Equal("tcp-receive", threadName);
        _connection = null;

        async Task EndSessionAsync(ValueTask<ReadResult> read)
        {
            ReadResult result = await read.ConfigureAwait(false);
            threadName = Thread.CurrentThread.Name;
            Connection.Input.AdvanceTo(result.Buffer.End);
            await Connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The protocol stops reading on an error (it never advances past its last read) while the
    /// server goes on sending: the receive loop fills the pipe up to its pause threshold and waits
    /// for room that will never come. Disposing the connection (from another thread, as after an
    /// await) must end that wait, not join the thread stuck in it.
    /// </summary>
    [Fact]
    public async Task Disposing_while_the_receive_loop_waits_for_room_in_a_full_pipe_does_not_hang()
    {
        await Server.SendAsync(new byte[] { 1 });
        ReadResult abandoned = await Connection.Input.ReadAsync().AsTask().WaitAsync(s_timeout);
        Assert.False(abandoned.IsCompleted);
        using var stopFlooding = new CancellationTokenSource();
        var flood = new Flood(Server, stopFlooding.Token);
        await flood.WaitUntilStalledAsync(s_timeout);
        Assert.True(flood.Sent > TransportPipes.PauseReceiveThreshold, $"only {flood.Sent} bytes were sent before the flood stalled");

        await Connection.DisposeAsync().AsTask().WaitAsync(s_timeout);
        _connection = null;
        await stopFlooding.CancelAsync();
        await flood.Completion;
    }

    [Fact]
    public async Task Connecting_to_a_closed_port_is_a_transport_exception_naming_the_target()
    {
        int port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _listener.Stop();
        var target = new TransportTarget("127.0.0.1", "127.0.0.1", port);

        TransportException error = await Assert.ThrowsAsync<TransportException>(
            async () => await new SocketTransportFactory(_pool).ConnectAsync(target, CancellationToken.None));

        Assert.Contains($"127.0.0.1:{port}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_connect_the_server_never_answers_ends_when_it_is_cancelled()
    {
        // A listener with a backlog of 0 queues one connection and drops the SYNs of the next, so
        // the kernel keeps that connect in progress for minutes of SYN retries.
        using var full = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        full.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        full.Listen(0);
        var target = new TransportTarget("127.0.0.1", "127.0.0.1", ((IPEndPoint)full.LocalEndPoint!).Port);
        await using ITransportConnection queued = await new SocketTransportFactory(_pool).ConnectAsync(target, CancellationToken.None);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        Task<ITransportConnection> stuck = new SocketTransportFactory(_pool).ConnectAsync(target, cancel.Token).AsTask();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => stuck.WaitAsync(s_timeout));
    }

    [Fact]
    public async Task A_unix_socket_whose_accept_queue_is_full_is_refused_with_that_reason()
    {
        string path = Path.Combine(Path.GetTempPath(), $"standby-agent-{Guid.NewGuid():N}.sock");
        using var full = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        full.Bind(new UnixDomainSocketEndPoint(path));
        try
        {
            // A backlog of 0 queues one connection; the kernel refuses the next with EAGAIN.
            full.Listen(0);
            var target = new TransportTarget("localhost", null, 5432, path);
            await using ITransportConnection queued = await new SocketTransportFactory(_pool).ConnectAsync(target, CancellationToken.None);

            TransportException error = await Assert.ThrowsAsync<TransportException>(
                async () => await new SocketTransportFactory(_pool).ConnectAsync(target, CancellationToken.None));

            Assert.Equal($"could not connect to {path}: the server's queue of connections waiting to be accepted is full", error.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static async Task<byte[]> ReadAsync(PipeReader input, int count)
    {
        while (true)
        {
            ReadResult result = await input.ReadAsync().AsTask().WaitAsync(s_timeout);
            if (result.Buffer.Length >= count)
            {
                byte[] bytes = result.Buffer.Slice(0, count).ToArray();
                input.AdvanceTo(result.Buffer.GetPosition(count));
                return bytes;
            }

            Assert.False(result.IsCompleted, "the input ended early");
            input.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }

    private static async Task<ReadResult> ReadToEndAsync(PipeReader input)
    {
        while (true)
        {
            ReadResult result = await input.ReadAsync().AsTask().WaitAsync(s_timeout);
            input.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted)
            {
                return result;
            }
        }
    }

    private static async Task<byte[]> ReceiveUntilClosedAsync(Socket socket)
    {
        var received = new List<byte>();
        var buffer = new byte[1024];
        int count;
        while ((count = await socket.ReceiveAsync(buffer.AsMemory()).AsTask().WaitAsync(s_timeout)) > 0)
        {
            received.AddRange(buffer.AsSpan(0, count));
        }

        return [.. received];
    }

    /// <summary>Zeros sent as fast as the peer takes them, until it is gone or the flood is stopped.</summary>
    private sealed class Flood
    {
        private long _sent;

        public Flood(Socket socket, CancellationToken stop)
        {
            Completion = Task.Run(() => SendAsync(socket, stop));
        }

        public long Sent => Interlocked.Read(ref _sent);

        public Task Completion { get; }

        /// <summary>Until a second passes without a byte sent: the peer's buffers and the pipe behind them are full.</summary>
        public async Task WaitUntilStalledAsync(TimeSpan timeout)
        {
            using var deadline = new CancellationTokenSource(timeout);
            long last = -1;
            while (Sent != last)
            {
                last = Sent;
                await Task.Delay(TimeSpan.FromSeconds(1), deadline.Token);
            }
        }

        private async Task SendAsync(Socket socket, CancellationToken stop)
        {
            byte[] chunk = new byte[64 * 1024];
            try
            {
                while (true)
                {
                    Interlocked.Add(ref _sent, await socket.SendAsync(chunk, SocketFlags.None, stop));
                }
            }
            catch (Exception ex) when (ex is SocketException or OperationCanceledException)
            {
            }
        }
    }
}
