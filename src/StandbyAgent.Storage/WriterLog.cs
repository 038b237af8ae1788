using Microsoft.Extensions.Logging;
using StandbyAgent.Protocol;

namespace StandbyAgent.Storage;

/// <summary>Log messages of the segment writer. Event ids 2100-2199; never renumber them.</summary>
internal static partial class WriterLog
{
    [LoggerMessage(2100, LogLevel.Information, "Finished segment {Name} at {End} (timeline {Timeline})")]
    public static partial void SegmentCompleted(ILogger logger, string name, uint timeline, Lsn end);
}
