using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using StandbyAgent.Replication.Streaming;

namespace StandbyAgent.Metrics;

internal static class MetricsServiceCollectionExtensions
{
    /// <summary>
    /// The agent's metrics: the <c>StandbyAgent</c> meter over the <see cref="ReceiverStatus"/>,
    /// and a hosted Kestrel server for /metrics, /healthz and /readyz on <c>Metrics:Listen</c>
    /// (default <see cref="MetricsOptionsDefaults.Listen"/>, empty for off; another key in the
    /// section is a typo, and an error at start, as in the receiver's sections). The container must
    /// hold the <see cref="ReceiverStatus"/> the receiver updates and its
    /// <see cref="WalReceiverOptions"/>, whose receiver timeout /readyz applies.
    /// </summary>
    public static IServiceCollection AddAgentMetrics(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<MetricsOptions>()
            .Bind(configuration.GetSection(MetricsOptions.SectionName), binder => binder.ErrorOnUnknownConfiguration = true)
            .Validate(
                options => options.TryGetEndpoint(out _),
                $"{MetricsOptions.SectionName}:{nameof(MetricsOptions.Listen)} must be ADDR:PORT with an IP address (e.g. {MetricsOptionsDefaults.Listen}, [::1]:9188), or empty to turn the endpoint off")
            .ValidateOnStart();
        services.AddSingleton<AgentMetrics>();
        services.AddSingleton(provider => new PrometheusExporter(provider.GetRequiredService<AgentMetrics>().Meter));
        services.AddSingleton(provider => new ReadinessProbe(
            provider.GetRequiredService<ReceiverStatus>(),
            provider.GetRequiredService<WalReceiverOptions>().Streaming.ReceiverTimeout,
            provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton<MetricsHttpApplication>();
        services.AddSingleton<MetricsServer>();
        services.AddHostedService(provider => provider.GetRequiredService<MetricsServer>());
        return services;
    }
}
