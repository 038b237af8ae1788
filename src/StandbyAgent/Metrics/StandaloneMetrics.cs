using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StandbyAgent.Replication.Streaming;

namespace StandbyAgent.Metrics;

/// <summary>
/// The metrics endpoint for a command that runs without the daemon's host (<c>receive</c>): the
/// same registrations as <see cref="MetricsServiceCollectionExtensions.AddAgentMetrics"/>, with
/// the server started and stopped here.
/// </summary>
internal sealed class StandaloneMetrics : IAsyncDisposable
{
    /// <summary>How long a stop waits for scrapes in flight.</summary>
    private static readonly TimeSpan s_stopTimeout = TimeSpan.FromSeconds(5);

    private readonly ServiceProvider _services;
    private readonly MetricsServer _server;

    private StandaloneMetrics(ServiceProvider services, MetricsServer server)
    {
        _services = services;
        _server = server;
    }

    /// <exception cref="MetricsEndpointException">The address cannot be bound.</exception>
    public static async Task<StandaloneMetrics> StartAsync(string listen, ReceiverStatus status, WalReceiverOptions receiver, ILoggerFactory logging, CancellationToken cancellationToken)
    {
        IConfiguration configuration = new ConfigurationBuilder()
            .AddInMemoryCollection([new($"{MetricsOptions.SectionName}:{nameof(MetricsOptions.Listen)}", listen)])
            .Build();
        ServiceProvider services = new ServiceCollection()
            .AddSingleton(status)
            .AddSingleton(receiver)
            .AddSingleton(logging)
            .AddAgentMetrics(configuration)
            .BuildServiceProvider();
        try
        {
            MetricsServer server = services.GetRequiredService<MetricsServer>();
            await server.StartAsync(cancellationToken);
            return new StandaloneMetrics(services, server);
        }
        catch
        {
            await services.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        using (var timeout = new CancellationTokenSource(s_stopTimeout))
        {
            await _server.StopAsync(timeout.Token);
        }

        await _services.DisposeAsync();
    }
}
