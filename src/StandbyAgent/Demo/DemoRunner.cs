using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using StandbyAgent.Cli;
using StandbyAgent.LocalCluster;
using StandbyAgent.Replication.Configuration;
using StandbyAgent.Replication.Streaming;
using StandbyAgent.Storage;
using StandbyAgent.Transport.Buffers;
using StandbyAgent.Transport.Tcp;

namespace StandbyAgent.Demo;

/// <summary>
/// The demo, end to end with the product's own code: a throwaway primary with a SCRAM-authenticated
/// replication user and a slot, pgbench writing to it, the agent streaming its WAL into a local
/// directory with a live progress line, and on Ctrl-C a check that every completed segment is
/// byte-identical to the primary's.
/// </summary>
internal static class DemoRunner
{
    private const string ReplicationUser = "demo_replicator";
    private const string SlotName = "standby_agent_demo";

    public static async Task<int> RunAsync()
    {
        using ILoggerFactory logging = ConsoleLogging.Create(verbosity: 1);
        ILogger logger = logging.CreateLogger("StandbyAgent.Demo");
        using var stop = new StopSignal();
        string password = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        string walDirectory = Directory.CreateTempSubdirectory("standby-agent-demo-wal-").FullName;
        try
        {
            await using var primary = new LocalPostgresCluster(
                new LocalClusterOptions { Users = [new ClusterUser(ReplicationUser, AuthMethod.ScramSha256, password)] },
                logging.CreateLogger("StandbyAgent.LocalCluster"));
            DemoLog.StartingPrimary(logger);
            await primary.StartAsync(stop.Token);
            DemoLog.PrimaryReady(logger, primary.Port, primary.DataDirectory, walDirectory);
            await RunToolAsync(primary, "pgbench", ["-i", "-s", "10", "-q"], stop.Token);

            using var load = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
            Task pgbench = primary.RunToolAsync("pgbench", ["-c", "4", "-j", "2", "-T", "86400", "-n"], TimeSpan.FromDays(1), load.Token);
            DemoLog.LoadStarted(logger);

            int exitCode = await StreamAsync(primary, password, walDirectory, logger, stop.Token);
            await load.CancelAsync();
            await pgbench.ContinueWith(_ => { }, TaskScheduler.Default);
            ReportByteIdentity(primary.WalDirectory, walDirectory, logger);
            return exitCode;
        }
        catch (OperationCanceledException) when (stop.Token.IsCancellationRequested)
        {
            return ExitCodes.Success;
        }
        catch (Exception ex) when (ex is LocalClusterException or IOException)
        {
            return StandbyAgentCommandLine.Fail(ex.Message);
        }
        finally
        {
            Directory.Delete(walDirectory, recursive: true);
        }
    }

    private static async Task<int> StreamAsync(LocalPostgresCluster primary, string password, string walDirectory, ILogger logger, CancellationToken stop)
    {
        using ConnectionSettings settings = new ConnectionSettingsResolver(SystemConnectionEnvironment.Instance, logger)
            .Resolve(primary.ConnInfo(ReplicationUser, password) + " application_name=standby_agent_demo");
        using var pool = new PinnedBlockMemoryPool();
        using WalDirectory directory = WalDirectory.Open(walDirectory, WalDirectoryMode.Archive, sync: true, logger);
        var transports = new SocketTransportFactory(pool);
        await using (Replication.Connection.ReplicationConnection connection = await Replication.Connection.ReplicationConnection.OpenAsync(settings, transports, logger, stop))
        {
            await connection.CreatePhysicalSlotAsync(SlotName, reserveWal: true, ifNotExists: true, stop);
        }

        var status = new ReceiverStatus();
        StreamProgress progress = status.Progress;
        var receiver = new WalReceiver(
            settings,
            transports,
            new WalReceiverOptions { Slot = SlotName, Streaming = new StreamingOptions { ReportFlush = true, StatusInterval = TimeSpan.FromSeconds(1) } },
            status,
            TimeProvider.System,
            logger);
        StreamEnd end;
        using (new Receive.ProgressLine(progress))
        {
            end = await receiver.RunOnceAsync(directory, stop);
        }

        DemoLog.Stopped(logger, end.ToString(), progress.SegmentsCompleted, progress.Flushed.ToString());

        return ExitCodes.Success;
    }

    private static async Task RunToolAsync(LocalPostgresCluster primary, string tool, IReadOnlyList<string> arguments, CancellationToken stop)
    {
        ToolResult result = await primary.RunToolAsync(tool, arguments, TimeSpan.FromMinutes(5), stop);
        if (!result.Succeeded)
        {
            throw new IOException($"{tool} failed with exit code {result.ExitCode}: {result.StandardError.Trim()}");
        }
    }

    /// <summary>Compares every completed segment with the primary's file of the same name.</summary>
    private static void ReportByteIdentity(string primaryWal, string receivedWal, ILogger logger)
    {
        int identical = 0, different = 0, gone = 0;
        foreach (string file in Directory.EnumerateFiles(receivedWal))
        {
            string name = Path.GetFileName(file);
            if (!Protocol.Replication.WalFileName.TryParseSegment(name, 16 * 1024 * 1024, out _, out _, out bool partial) || partial)
            {
                continue;
            }

            string original = Path.Combine(primaryWal, name);
            if (!File.Exists(original))
            {
                gone++;
            }
            else if (File.ReadAllBytes(original).AsSpan().SequenceEqual(File.ReadAllBytes(file)))
            {
                identical++;
            }
            else
            {
                different++;
            }
        }

        DemoLog.Compared(logger, identical, different, gone);
    }
}
