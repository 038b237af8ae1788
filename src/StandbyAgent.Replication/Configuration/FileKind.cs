namespace StandbyAgent.Replication.Configuration;

/// <summary>What stat(2) says a path is, as far as reading a secrets file cares.</summary>
internal enum FileKind
{
    /// <summary>stat failed: absent, a dangling link, or not reachable.</summary>
    Missing,
    RegularFile,
    /// <summary>A directory, FIFO, device or socket: opening a FIFO would block.</summary>
    Other,
}
