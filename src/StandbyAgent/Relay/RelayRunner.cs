using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using StandbyAgent.Cli;
using StandbyAgent.Rdma;
using StandbyAgent.Transport.Rdma;

namespace StandbyAgent.Relay;

/// <summary>
/// Accepts clients until SIGTERM or SIGINT and runs a <see cref="RelaySession"/> for each. A host
/// that cannot do RDMA is refused at start: a relay that could only pass TCP through would hide
/// the very problem it exists to solve.
/// </summary>
internal static class RelayRunner
{
    /// <summary>The agent's sizes, mirrored: here WAL leaves through the send ring and status updates arrive.</summary>
    public static RsocketTransportOptions RsocketOptions { get; } = new() { ReceiveBufferBytes = 64 * 1024, SendBufferBytes = 512 * 1024 };

    public static async Task<int> RunAsync(RelayOptions options)
    {
        // The relay's sessions are what an operator watches: log them without -v.
        using ILoggerFactory logging = ConsoleLogging.Create(Math.Max(options.Verbosity, 1));
        ILogger logger = logging.CreateLogger("StandbyAgent.Relay");
        if (RdmaAvailability.Check(RsocketOptions) is { } unavailable)
        {
            return StandbyAgentCommandLine.Fail(unavailable.Message);
        }

        using var stop = new StopSignal();
        using var stopping = new WakeUpEvent();
        using var listener = new Socket(options.Listen.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            listener.Bind(options.Listen);
            listener.Listen();
        }
        catch (SocketException ex)
        {
            return StandbyAgentCommandLine.Fail($"could not listen on {options.Listen}: {ex.Message}");
        }

        RelayLog.Listening(logger, options.Listen.ToString(), options.Target, options.Listen.Port);
        var sessions = new List<Task>();
        int nextSession = 0;
        try
        {
            while (true)
            {
                Socket client = await listener.AcceptAsync(stop.Token);
                client.NoDelay = true;
                sessions.RemoveAll(session => session.IsCompleted);
                sessions.Add(new RelaySession(++nextSession, client, options, stopping, logger).RunAsync(stop.Token));
            }
        }
        catch (OperationCanceledException) when (stop.Token.IsCancellationRequested)
        {
            RelayLog.Stopping(logger);
        }

        // Sessions on rsocket wait in rpoll, not on the token: the event wakes them all.
        stopping.Signal();
        await Task.WhenAll(sessions);
        return ExitCodes.Success;
    }
}
