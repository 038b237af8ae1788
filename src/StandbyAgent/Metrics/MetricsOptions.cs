namespace StandbyAgent.Metrics;

/// <summary>The <c>Metrics</c> configuration section.</summary>
internal sealed class MetricsOptions
{
    public const string SectionName = "Metrics";

    /// <summary>
    /// ADDR:PORT for <c>/metrics</c>, <c>/healthz</c> and <c>/readyz</c>, the address an IP
    /// literal (IPv6 in brackets); empty turns the endpoint off; unset means
    /// <see cref="MetricsOptionsDefaults.Listen"/>.
    /// </summary>
    public string? Listen { get; set; }
}
