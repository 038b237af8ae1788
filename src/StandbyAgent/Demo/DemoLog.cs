using Microsoft.Extensions.Logging;

namespace StandbyAgent.Demo;

/// <summary>Log messages of the demo. Event ids 3100-3199; never renumber them.</summary>
internal static partial class DemoLog
{
    [LoggerMessage(3100, LogLevel.Information, "starting a throwaway PostgreSQL primary (initdb, pg_ctl start)")]
    public static partial void StartingPrimary(ILogger logger);

    [LoggerMessage(3101, LogLevel.Information, "primary is up on 127.0.0.1:{Port} (data directory {DataDirectory}); WAL goes to {WalDirectory}")]
    public static partial void PrimaryReady(ILogger logger, int port, string dataDirectory, string walDirectory);

    [LoggerMessage(3102, LogLevel.Information, "pgbench is writing to the primary; streaming its WAL, press Ctrl-C to stop")]
    public static partial void LoadStarted(ILogger logger);

    [LoggerMessage(3103, LogLevel.Information, "stopped ({End}): {Segments} segments completed, flushed up to {Flushed}")]
    public static partial void Stopped(ILogger logger, string end, long segments, string flushed);

    [LoggerMessage(3104, LogLevel.Information, "completed segments compared with the primary's pg_wal: {Identical} byte-identical, {Different} different, {Gone} already recycled by the primary")]
    public static partial void Compared(ILogger logger, int identical, int different, int gone);
}
