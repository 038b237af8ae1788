namespace StandbyAgent.LocalCluster;

/// <summary>pg_ctl's shutdown modes (<c>-m</c>).</summary>
public enum ShutdownMode
{
    /// <summary>Waits for clients to disconnect.</summary>
    Smart,

    /// <summary>Disconnects clients and writes a shutdown checkpoint.</summary>
    Fast,

    /// <summary>Quits without a checkpoint, as in a crash; the next start runs recovery.</summary>
    Immediate,
}
