using System.Net.Sockets;
using System.Text;
using StandbyAgent.Tests.Support;

namespace StandbyAgent.Tests.Hosting;

/// <summary>
/// The agent as a Type=notify service: a socket in the abstract namespace plays systemd and
/// receives READY=1, STATUS= lines, WATCHDOG=1 keep-alives and STOPPING=1. The primary is
/// unreachable, which changes nothing about the notifications.
/// </summary>
public sealed class SystemdNotificationTests : IDisposable
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    private readonly TempDirectory _data = new();
    private readonly Socket _systemd = new(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
    private readonly string _address = "@standby-agent-test-" + Guid.NewGuid().ToString("N");

    public SystemdNotificationTests()
    {
        Directory.CreateDirectory(Path.Combine(_data.Path, "pg_wal"));
        File.WriteAllText(Path.Combine(_data.Path, "standby.signal"), string.Empty);
        File.WriteAllText(Path.Combine(_data.Path, "postgresql.auto.conf"), "primary_conninfo = 'host=127.0.0.1 port=1'\n");
        _systemd.Bind(new UnixDomainSocketEndPoint("\0" + _address[1..]));
    }

    public void Dispose()
    {
        _systemd.Dispose();
        _data.Dispose();
    }

    [Fact]
    public async Task Tells_systemd_it_is_ready_what_it_does_that_it_is_alive_and_that_it_stops()
    {
        await using AgentProcess agent = AgentProcess.Start(
            ["run", "--pgdata", _data.Path, "--Metrics:Listen="],
            new Dictionary<string, string?> { ["NOTIFY_SOCKET"] = _address, ["WATCHDOG_USEC"] = "400000" });

        string ready = await ReceiveAsync(agent);
        Assert.StartsWith("READY=1\nSTATUS=", ready, StringComparison.Ordinal);
        string keepAlive = await ReceiveAsync(agent);
        Assert.StartsWith("WATCHDOG=1\nSTATUS=", keepAlive, StringComparison.Ordinal);
        string waiting;
        do
        {
            waiting = await ReceiveAsync(agent);
        }
        while (!waiting.Contains("Waiting to reconnect", StringComparison.Ordinal));

        agent.Terminate();
        string stopping;
        do
        {
            stopping = await ReceiveAsync(agent);
        }
        while (!stopping.StartsWith("STOPPING=1", StringComparison.Ordinal));

        Assert.Equal(0, await agent.WaitForExitAsync(s_timeout));
    }

    private async Task<string> ReceiveAsync(AgentProcess agent)
    {
        byte[] buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(s_timeout);
        try
        {
            int length = await _systemd.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
            return Encoding.UTF8.GetString(buffer, 0, length);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no notification within {s_timeout.TotalSeconds} s; agent log:\n{agent.StandardError}");
        }
    }
}
