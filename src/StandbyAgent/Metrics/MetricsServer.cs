using System.Net;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace StandbyAgent.Metrics;

/// <summary>
/// Runs Kestrel on <see cref="MetricsOptions.Listen"/> for <see cref="MetricsHttpApplication"/>,
/// as a hosted service of whatever host the agent runs in. Kestrel is used directly, without a
/// web host of its own: no second configuration, lifetime or signal handling beside the agent's.
/// </summary>
internal sealed class MetricsServer : IHostedService, IDisposable
{
    private readonly MetricsHttpApplication _application;
    private readonly IPEndPoint? _endpoint;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private KestrelServer? _server;

    public MetricsServer(MetricsHttpApplication application, IOptions<MetricsOptions> options, ILoggerFactory loggerFactory)
    {
        _application = application;

        // Reading the options validates them (AddAgentMetrics registers the check), so this parses.
        options.Value.TryGetEndpoint(out _endpoint);
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<MetricsServer>();
    }

    /// <summary>The address bound, with the port chosen when 0 was asked for; null while not serving.</summary>
    public string? Address { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_endpoint is null)
        {
            MetricsLog.Off(_logger);
            return;
        }

        if (!IPAddress.IsLoopback(_endpoint.Address))
        {
            MetricsLog.NotLoopback(_logger, _endpoint);
        }

        var options = new KestrelServerOptions { AddServerHeader = false };
        options.Listen(_endpoint);
        var transport = new SocketTransportFactory(Options.Create(new SocketTransportOptions()), _loggerFactory);
        var server = new KestrelServer(Options.Create(options), transport, _loggerFactory);
        try
        {
            await server.StartAsync(_application, cancellationToken);
        }
        catch (IOException ex)
        {
            server.Dispose();
            throw new MetricsEndpointException($"could not serve metrics on {_endpoint}: {ex.Message}", ex);
        }

        _server = server;
        Address = server.Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        MetricsLog.Serving(_logger, Address);
    }

    public Task StopAsync(CancellationToken cancellationToken) => _server?.StopAsync(cancellationToken) ?? Task.CompletedTask;

    public void Dispose() => _server?.Dispose();
}
