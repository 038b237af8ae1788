using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace StandbyAgent.Hosting.Systemd;

/// <summary>
/// sd_notify(3) without libsystemd: one datagram of newline-separated assignments to the Unix
/// socket named by NOTIFY_SOCKET ('@' for the abstract namespace). Present only when systemd
/// started the agent as a Type=notify service.
/// </summary>
internal sealed class SystemdNotifier : IDisposable
{
    private const string SocketVariable = "NOTIFY_SOCKET";
    private const string WatchdogMicrosecondsVariable = "WATCHDOG_USEC";
    private const string WatchdogProcessVariable = "WATCHDOG_PID";

    private readonly Socket _socket = new(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
    private readonly UnixDomainSocketEndPoint _endpoint;

    private SystemdNotifier(UnixDomainSocketEndPoint endpoint, TimeSpan? watchdogTimeout)
    {
        _endpoint = endpoint;
        WatchdogTimeout = watchdogTimeout;
    }

    /// <summary>WatchdogSec: systemd kills the agent when no WATCHDOG=1 arrives within it; null when there is no watchdog.</summary>
    public TimeSpan? WatchdogTimeout { get; }

    /// <returns>Null outside systemd, or for a socket address this agent cannot use (vsock).</returns>
    public static SystemdNotifier? FromEnvironment()
    {
        string? path = Environment.GetEnvironmentVariable(SocketVariable);
        if (string.IsNullOrEmpty(path) || path[0] is not ('/' or '@'))
        {
            return null;
        }

        var endpoint = new UnixDomainSocketEndPoint(path[0] == '@' ? "\0" + path[1..] : path);
        return new SystemdNotifier(endpoint, ReadWatchdogTimeout());
    }

    /// <param name="assignments">Such as "READY=1" or "STATUS=...": one per line.</param>
    /// <exception cref="SocketException">systemd's socket is gone.</exception>
    public void Notify(string assignments) =>
        _socket.SendTo(Encoding.UTF8.GetBytes(assignments), SocketFlags.None, _endpoint);

    public void Dispose() => _socket.Dispose();

    /// <summary>The watchdog is meant for this process only if WATCHDOG_PID is unset or names it.</summary>
    private static TimeSpan? ReadWatchdogTimeout()
    {
        string? pid = Environment.GetEnvironmentVariable(WatchdogProcessVariable);
        if (pid is not null && pid != Environment.ProcessId.ToString(CultureInfo.InvariantCulture))
        {
            return null;
        }

        return long.TryParse(Environment.GetEnvironmentVariable(WatchdogMicrosecondsVariable), NumberStyles.None, CultureInfo.InvariantCulture, out long microseconds) && microseconds > 0
            ? TimeSpan.FromMicroseconds(microseconds)
            : null;
    }
}
