using StandbyAgent.Protocol.Replication;

namespace StandbyAgent.Replication.Streaming;

/// <summary>How a streaming session ended, when it ended without an error.</summary>
public enum StreamEnd
{
    /// <summary>WAL past the end position was received.</summary>
    EndPositionReached,
    /// <summary>We were asked to stop (SIGTERM, Ctrl-C).</summary>
    Stopped,
    /// <summary>The server finished a historic timeline; <see cref="StreamOutcome.NextTimeline"/> says where to go.</summary>
    TimelineEnded,
    /// <summary>The server ended the stream (it is shutting down).</summary>
    ServerEnded,
}

/// <summary>The end of a streaming session, with the next timeline when there is one.</summary>
public sealed record StreamOutcome(StreamEnd End, EndOfTimeline? NextTimeline = null);
