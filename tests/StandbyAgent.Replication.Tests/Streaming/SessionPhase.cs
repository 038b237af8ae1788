namespace StandbyAgent.Replication.Tests.Streaming;

/// <summary>Where in a session a hostile server strikes.</summary>
public enum SessionPhase
{
    /// <summary>Right after the StartupMessage, before authentication.</summary>
    Authentication,

    /// <summary>In answer to IDENTIFY_SYSTEM.</summary>
    Query,

    /// <summary>Inside CopyBoth, after START_REPLICATION.</summary>
    Streaming,
}
