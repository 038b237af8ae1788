using StandbyAgent.Protocol;

namespace StandbyAgent.Replication.Streaming;

/// <summary>How one streaming session behaves.</summary>
public sealed record StreamingOptions
{
    /// <summary>wal_receiver_status_interval / pg_receivewal -s: the longest gap between status updates; zero sends only when asked.</summary>
    public TimeSpan StatusInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>wal_receiver_timeout: give up on a silent server after this long, pinging it at half; zero disables.</summary>
    public TimeSpan ReceiverTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Act as a synchronous standby: fsync each batch in the background and report flush the moment it is done.</summary>
    public bool Synchronous { get; init; }

    /// <summary>Report the flush position at all (with a slot or when synchronous), as pg_receivewal decides.</summary>
    public bool ReportFlush { get; init; }

    /// <summary>Stop once WAL past this position has been received (pg_receivewal --endpos).</summary>
    public Lsn? EndPosition { get; init; }

    /// <summary>How long a clean stop waits for the server to acknowledge our CopyDone.</summary>
    public TimeSpan StopTimeout { get; init; } = TimeSpan.FromSeconds(5);
}
