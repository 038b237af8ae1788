using System.Net;
using System.Text.RegularExpressions;
using StandbyAgent.Tests.Support;

namespace StandbyAgent.Tests.Metrics;

/// <summary>
/// The metrics endpoint of a running agent, found from its log line (the agent listens on port 0,
/// so no port is guessed), and read over HTTP.
/// </summary>
internal sealed partial class AgentEndpoint(string address) : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    /// <summary><c>http://127.0.0.1:PORT</c></summary>
    public string Address { get; } = address;

    /// <summary>Arguments that make the agent serve metrics on a free loopback port and log where (at -v).</summary>
    public static IEnumerable<string> Arguments => ["--metrics-listen", "127.0.0.1:0", "--verbose"];

    public static async Task<AgentEndpoint> FindAsync(AgentProcess agent)
    {
        Match served = Match.Empty;
        await Eventually.TrueAsync(
            () => (served = ServedOn().Match(agent.StandardError)).Success || agent.HasExited,
            TimeSpan.FromSeconds(30),
            () => $"the agent did not log its metrics address; stderr: {agent.StandardError}");
        Assert.True(served.Success, $"the agent exited; stderr: {agent.StandardError}");
        return new AgentEndpoint(served.Groups["address"].Value);
    }

    public async Task<(HttpStatusCode Status, string Body)> GetAsync(string path)
    {
        using HttpResponseMessage response = await _http.GetAsync(Address + path);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public async Task<string> ScrapeAsync()
    {
        (HttpStatusCode status, string body) = await GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, status);
        return body;
    }

    public void Dispose() => _http.Dispose();

    [GeneratedRegex(@"Serving /metrics, /healthz and /readyz on (?<address>http://\S+)")]
    private static partial Regex ServedOn();
}
