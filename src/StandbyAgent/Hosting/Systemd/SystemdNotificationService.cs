using System.Net.Sockets;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StandbyAgent.Replication.Streaming;

namespace StandbyAgent.Hosting.Systemd;

/// <summary>
/// Tells systemd (Type=notify) that the agent is ready (after every hosted service started, the
/// settings validated), what it is doing (STATUS=), that it is alive (WATCHDOG=1, at half of
/// WatchdogSec) and that it is stopping. The watchdog proves the process is not wedged; a
/// stalled stream is the receiver timeout's business.
/// </summary>
internal sealed class SystemdNotificationService(
    SystemdNotifier notifier, IHostApplicationLifetime lifetime, ReceiverStatus status, TimeProvider time, ILogger<SystemdNotificationService> logger)
    : BackgroundService
{
    /// <summary>How often STATUS= is refreshed when there is no faster watchdog.</summary>
    private static readonly TimeSpan s_statusInterval = TimeSpan.FromSeconds(5);

    private bool _failureLogged;

    public override void Dispose()
    {
        notifier.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using CancellationTokenRegistration started = lifetime.ApplicationStarted.Register(() => Notify($"READY=1\nSTATUS={SystemdStatusLine.Describe(status)}"));
        using CancellationTokenRegistration stopping = lifetime.ApplicationStopping.Register(() => Notify("STOPPING=1\nSTATUS=Stopping: making the WAL received durable"));
        TimeSpan period = notifier.WatchdogTimeout is { } watchdog && watchdog / 2 < s_statusInterval ? watchdog / 2 : s_statusInterval;
        using var timer = new PeriodicTimer(period, time);
        string? shown = null;
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            string line = SystemdStatusLine.Describe(status);
            string watchdogPing = notifier.WatchdogTimeout is null ? string.Empty : "WATCHDOG=1\n";
            if (watchdogPing.Length > 0 || line != shown)
            {
                Notify(watchdogPing + "STATUS=" + line);
                shown = line;
            }
        }
    }

    /// <summary>systemd gone is no reason to stop streaming: warned about once.</summary>
    private void Notify(string assignments)
    {
        try
        {
            notifier.Notify(assignments);
        }
        catch (SocketException ex) when (!_failureLogged)
        {
            _failureLogged = true;
            HostingLog.SystemdUnreachable(logger, ex.Message);
        }
        catch (SocketException)
        {
        }
    }
}
