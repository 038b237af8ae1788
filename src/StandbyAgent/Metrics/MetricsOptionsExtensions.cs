using System.Net;

namespace StandbyAgent.Metrics;

internal static class MetricsOptionsExtensions
{
    /// <param name="endpoint">Where to listen; null when the endpoint is turned off.</param>
    /// <returns>False when the setting is not a valid ADDR:PORT.</returns>
    public static bool TryGetEndpoint(this MetricsOptions options, out IPEndPoint? endpoint)
    {
        string listen = options.Listen ?? MetricsOptionsDefaults.Listen;
        if (listen.Length == 0)
        {
            endpoint = null;
            return true;
        }

        return ListenAddress.TryParse(listen, out endpoint);
    }
}
