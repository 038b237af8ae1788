using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Serilog;
using Serilog.Extensions.Logging;
using StandbyAgent.Cli;
using StandbyAgent.Hosting;
using StandbyAgent.Hosting.Systemd;
using StandbyAgent.Metrics;
using StandbyAgent.Replication.ServerConfiguration;
using ILogger = Microsoft.Extensions.Logging.ILogger;

namespace StandbyAgent.Run;

/// <summary>
/// Composes and runs the daemon, and maps its end to an exit code: 0 after a stop request,
/// 78 (EX_CONFIG) for a configuration an operator must fix (systemd then stops restarting it),
/// 1 for anything else.
/// </summary>
internal static class RunHost
{
    /// <summary>Longer than the receiver's own stop (fsync, final status, CopyDone, at most 5 s for the server's answer).</summary>
    private static readonly TimeSpan s_shutdownTimeout = TimeSpan.FromSeconds(15);

    public static async Task<int> RunAsync(RunArguments arguments)
    {
        // Before anything is read or created: every file the agent makes must be the server's.
        (uint Uid, uint Gid, bool Switched) owner;
        try
        {
            owner = DataDirectoryOwner.Assume(arguments.DataDirectory);
        }
        catch (IOException ex)
        {
            return StandbyAgentCommandLine.Fail(ex.Message);
        }

        ConfigurationManager configuration;
        Serilog.Core.Logger serilog;
        try
        {
            configuration = AgentConfiguration.Build(arguments.SettingsFile, arguments.SettingArguments);
            serilog = AgentLogging.Create(configuration);
        }
        catch (Exception ex) when (StartupFailure.IsConfigurationError(ex))
        {
            StandbyAgentCommandLine.Fail(ex.Message);
            return StartupFailure.ConfigurationExitCode;
        }

        await using (serilog)
        using (configuration)
        using (var logging = new SerilogLoggerFactory(serilog))
        {
            ILogger logger = logging.CreateLogger(typeof(RunHost).FullName!);
            LogOwner(logger, owner);
            StandbySetup setup;
            try
            {
                setup = StandbySetup.Load(arguments.DataDirectory, arguments.RecoveryConfig, logger);
            }
            catch (ServerConfigurationException ex)
            {
                RunLog.ConfigurationInvalid(logger, ex.Message);
                return StartupFailure.ConfigurationExitCode;
            }

            return await RunHostAsync(Compose(configuration, serilog, setup), logger);
        }
    }

    /// <summary>
    /// The receiver, systemd's notifications and the metrics endpoint; metrics read the
    /// <c>ReceiverStatus</c> and <c>WalReceiverOptions</c> singletons the receiver registers.
    /// </summary>
    private static IHost Compose(ConfigurationManager configuration, Serilog.ILogger serilog, StandbySetup setup)
    {
        HostApplicationBuilder builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings
        {
            Configuration = configuration,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.AddSerilog(serilog);
        builder.Logging.SetMinimumLevel(LogLevel.Trace);
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = s_shutdownTimeout);
        builder.Services.Configure<ConsoleLifetimeOptions>(console => console.SuppressStatusMessages = true);
        builder.Services.AddStandbyReceiver(configuration, setup);
        builder.Services.AddSystemdNotifications();

        // /metrics, /healthz and /readyz (the Metrics section): they read the receiver's status.
        builder.Services.AddAgentMetrics(configuration);
        return builder.Build();
    }

    private static async Task<int> RunHostAsync(IHost host, ILogger logger)
    {
        using (host)
        {
            try
            {
                await host.StartAsync();
                await host.WaitForShutdownAsync();
            }
            catch (Exception ex) when (StartupFailure.IsConfigurationError(ex))
            {
                RunLog.ConfigurationInvalid(logger, ex.Message);
                return StartupFailure.ConfigurationExitCode;
            }
            catch (Exception ex)
            {
                RunLog.HostFailed(logger, ex);
                return ExitCodes.Failure;
            }

            // The worker only ends on a stop request; anything else is a bug, and systemd should restart the agent.
            Task? worker = host.Services.GetServices<IHostedService>().OfType<StandbyWorker>().Single().ExecuteTask;
            if (worker is { IsFaulted: true })
            {
                RunLog.WorkerFailed(logger, worker.Exception!.GetBaseException());
                return ExitCodes.Failure;
            }

            // Stuck in an fsync, say: leaving is then like a crash, which loses nothing reported flushed.
            if (worker is { IsCompleted: false })
            {
                RunLog.StopTimedOut(logger, s_shutdownTimeout.TotalSeconds);
                return ExitCodes.Failure;
            }

            return ExitCodes.Success;
        }
    }

    private static void LogOwner(ILogger logger, (uint Uid, uint Gid, bool Switched) owner)
    {
        uint uid = Interop.Libc.GetEffectiveUserId();
        if (owner.Switched)
        {
            RunLog.BecameOwner(logger, owner.Uid, owner.Gid);
        }
        else if (uid != owner.Uid)
        {
            RunLog.NotOwner(logger, owner.Uid, uid);
        }
    }
}
