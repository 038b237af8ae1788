namespace StandbyAgent.LocalCluster;

/// <summary>Which TCP connections a pg_hba.conf line matches: all of them, only TLS ones, or only plain ones.</summary>
public enum HostConnectionType
{
    /// <summary><c>host</c>: with or without TLS.</summary>
    Host,

    /// <summary><c>hostssl</c>: only over TLS.</summary>
    HostSsl,

    /// <summary><c>hostnossl</c>: only without TLS.</summary>
    HostNoSsl,
}
