using StandbyAgent.Protocol;

namespace StandbyAgent.Receive;

/// <summary>The receive command's settings, after the command line was checked.</summary>
internal sealed record ReceiveOptions
{
    public string? Directory { get; init; }

    public string? ConnectionString { get; init; }

    /// <summary>-h, -p, -U: they override the connection string, as in pg_receivewal.</summary>
    public IReadOnlyDictionary<string, string?> Overrides { get; init; } = new Dictionary<string, string?>();

    public string? Slot { get; init; }

    public bool CreateSlot { get; init; }

    public bool DropSlot { get; init; }

    public bool IfNotExists { get; init; }

    public Lsn? EndPosition { get; init; }

    public bool NoLoop { get; init; }

    public TimeSpan StatusInterval { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan ReceiverTimeout { get; init; } = TimeSpan.FromSeconds(60);

    public bool Synchronous { get; init; }

    public bool NoSync { get; init; }

    /// <summary>With with_rsocket: stay on TCP, with a warning, when this host cannot do RDMA.</summary>
    public bool RdmaFallbackToTcp { get; init; }

    public int Verbosity { get; init; }

    /// <summary>--metrics-listen: ADDR:PORT for /metrics, /healthz and /readyz; null for none (the default here).</summary>
    public string? MetricsListen { get; init; }

    /// <summary>Print the steady-state allocations per XLogData message at exit (for the benchmark).</summary>
    public bool ReportAllocations { get; init; }
}
