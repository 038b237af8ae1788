using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StandbyAgent.Metrics;
using StandbyAgent.Protocol;
using StandbyAgent.Replication.Streaming;

namespace StandbyAgent.Tests.Metrics;

/// <summary>The endpoint as a host runs it: one AddAgentMetrics call, real Kestrel on loopback, real HTTP.</summary>
public sealed class MetricsServerTests : IAsyncLifetime
{
    private static readonly DateTimeOffset s_now = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private readonly ReceiverStatus _status = new();
    private readonly ManualTime _time = new(s_now);
    private readonly LogCapture _log = new();
    private readonly HttpClient _http = new();
    private IHost? _host;
    private bool _started;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        _http.Dispose();
        if (_host is not null)
        {
            if (_started)
            {
                await _host.StopAsync();
            }

            _host.Dispose();
        }
    }

    [Fact]
    public async Task One_call_adds_metrics_health_and_readiness_to_a_generic_host()
    {
        string address = (await StartAsync("127.0.0.1:0"))!;

        using HttpResponseMessage metrics = await _http.GetAsync(address + "/metrics");
        string exposition = await metrics.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", metrics.Content.Headers.ContentType?.ToString());
        Assert.Equal(exposition.Length, metrics.Content.Headers.ContentLength);
        Assert.Contains("\nstandby_agent_state{state=\"connecting\"} 1\n", exposition, StringComparison.Ordinal);
        Assert.EndsWith("standby_agent_fsync_duration_seconds_count 0\n", exposition, StringComparison.Ordinal);

        Assert.Equal((HttpStatusCode.OK, "ok\n"), await GetAsync(address + "/healthz"));
        Assert.Equal((HttpStatusCode.ServiceUnavailable, "not streaming: the receiver is connecting\n"), await GetAsync(address + "/readyz"));
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(address + "/metrics/extra")).Status);
        using HttpResponseMessage post = await _http.PostAsync(address + "/metrics", null);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, post.StatusCode);
        Assert.Equal("GET", string.Join(",", post.Content.Headers.Allow));
    }

    [Fact]
    public async Task Readyz_is_200_while_streaming_and_hearing_from_the_server_and_503_once_silent_past_the_receiver_timeout()
    {
        string address = (await StartAsync("127.0.0.1:0", receiverTimeout: TimeSpan.FromSeconds(60)))!;
        _status.SetState(ReceiverState.Streaming);
        _status.Progress.Received(0, 0, (s_now - DateTimeOffset.UnixEpoch).Ticks / 10, PostgresClock.ToPostgresMicroseconds(s_now));
        _time.Now = s_now.AddSeconds(12.3);

        Assert.Equal((HttpStatusCode.OK, "streaming; last message from the server 12.3 s ago\n"), await GetAsync(address + "/readyz"));

        _time.Now = s_now.AddSeconds(61);
        Assert.Equal((HttpStatusCode.ServiceUnavailable, "last message from the server 61 s ago, receiver timeout 60 s\n"), await GetAsync(address + "/readyz"));
    }

    [Fact]
    public async Task An_empty_listen_setting_turns_the_endpoint_off()
    {
        Assert.Null(await StartAsync(string.Empty));

        Assert.Contains(_log.Entries, entry => entry.Event.Id == 7002);
    }

    [Fact]
    public async Task An_invalid_listen_setting_stops_the_host_at_start_saying_what_to_write()
    {
        OptionsValidationException refused = await Assert.ThrowsAsync<OptionsValidationException>(() => StartAsync("localhost:9188"));

        Assert.Contains("Metrics:Listen must be ADDR:PORT with an IP address", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_misspelt_setting_in_the_metrics_section_stops_the_host_at_start()
    {
        InvalidOperationException refused = await Assert.ThrowsAsync<InvalidOperationException>(
            () => StartAsync("127.0.0.1:0", more: new() { ["Metrics:Lisen"] = "0.0.0.0:9188" }));

        Assert.Contains("'Lisen'", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_address_in_use_stops_the_host_at_start_naming_the_address()
    {
        using var taken = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        taken.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        taken.Listen();
        var endpoint = (IPEndPoint)taken.LocalEndPoint!;

        MetricsEndpointException refused = await Assert.ThrowsAsync<MetricsEndpointException>(() => StartAsync(endpoint.ToString()));

        Assert.StartsWith($"could not serve metrics on {endpoint}: ", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_non_loopback_address_is_served_with_a_warning()
    {
        string address = (await StartAsync("0.0.0.0:0"))!;

        (LogLevel level, _, string message, _) = Assert.Single(_log.Entries, entry => entry.Event.Id == 7001);
        Assert.Equal(LogLevel.Warning, level);
        Assert.StartsWith("The metrics endpoint listens on 0.0.0.0:0, not a loopback address", message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(address.Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal) + "/healthz")).Status);
    }

    [Fact]
    public async Task A_loopback_address_is_served_without_a_warning()
    {
        await StartAsync("[::1]:0");

        Assert.DoesNotContain(_log.Entries, entry => entry.Event.Id == 7001);
        Assert.Contains(_log.Entries, entry => entry.Event.Id == 7000 && entry.Message.Contains("http://[::1]:", StringComparison.Ordinal));
    }

    /// <returns>The address served, or null when the endpoint is off.</returns>
    private async Task<string?> StartAsync(string listen, TimeSpan? receiverTimeout = null, Dictionary<string, string?>? more = null)
    {
        HostApplicationBuilder builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration["Metrics:Listen"] = listen;
        builder.Configuration.AddInMemoryCollection(more ?? []);
        builder.Logging.AddProvider(_log);
        builder.Services
            .AddSingleton<TimeProvider>(_time)
            .AddSingleton(_status)
            .AddSingleton(new WalReceiverOptions { Streaming = new StreamingOptions { ReceiverTimeout = receiverTimeout ?? TimeSpan.FromSeconds(60) } })
            .AddAgentMetrics(builder.Configuration);
        _host = builder.Build();
        await _host.StartAsync();
        _started = true;
        return _host.Services.GetRequiredService<MetricsServer>().Address;
    }

    private async Task<(HttpStatusCode Status, string Body)> GetAsync(string url)
    {
        using HttpResponseMessage response = await _http.GetAsync(url);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
