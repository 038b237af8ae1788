using System.Net;

namespace StandbyAgent.Relay;

/// <summary>The relay command's settings, after the command line was checked.</summary>
internal sealed record RelayOptions
{
    /// <summary>The TCP address clients connect to; rsocket listeners open on ports above its port.</summary>
    public required IPEndPoint Listen { get; init; }

    public required string TargetHost { get; init; }

    public required int TargetPort { get; init; }

    public string Target => $"{TargetHost}:{TargetPort}";

    public int Verbosity { get; init; }
}
