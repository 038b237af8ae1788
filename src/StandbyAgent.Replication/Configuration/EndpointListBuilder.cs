using System.Net;

namespace StandbyAgent.Replication.Configuration;

/// <summary>
/// Turns libpq's comma-separated host, hostaddr and port lists into the servers to try, in order.
/// hostaddr, when given, decides how many servers there are; otherwise host does. One port serves
/// every server, or there is one per server. An empty item takes the default.
/// </summary>
internal static class EndpointListBuilder
{
    public static IReadOnlyList<HostEndpoint> Build(string? host, string? hostAddress, string? port)
    {
        string[]? hosts = SplitList(host);
        string[]? addresses = SplitList(hostAddress);
        string[]? ports = SplitList(port);
        int count = addresses?.Length ?? hosts?.Length ?? 1;

        if (addresses is not null && hosts is not null && hosts.Length != count)
        {
            throw new ConnectionSettingsException($"could not match {hosts.Length} host names to {count} hostaddr values");
        }

        if (ports is not null && ports.Length != 1 && ports.Length != count)
        {
            throw new ConnectionSettingsException($"could not match {ports.Length} port numbers to {count} hosts");
        }

        var endpoints = new HostEndpoint[count];
        for (int i = 0; i < count; i++)
        {
            string? address = NonEmpty(addresses?[i]);
            if (address is not null && !IPAddress.TryParse(address, out _))
            {
                throw new ConnectionSettingsException($"could not parse network address \"{address}\"");
            }

            // With only an address, libpq names the server by the address in the password file, but has no host name for TLS.
            string? given = NonEmpty(hosts?[i]);
            string name = given ?? address ?? ConnectionDefaults.SocketDirectory;
            endpoints[i] = new HostEndpoint(name, address, ParsePort(ports?[ports.Length == 1 ? 0 : i]), HostNameGiven: given is not null || address is null);
        }

        return endpoints;
    }

    private static int ParsePort(string? text)
    {
        if (NonEmpty(text) is not { } port)
        {
            return ConnectionDefaults.Port;
        }

        int number = ConnInfoInteger.Parse("port", port);
        return number is >= 1 and <= 65535 ? number : throw new ConnectionSettingsException($"invalid port number: \"{port}\"");
    }

    private static string[]? SplitList(string? list) => string.IsNullOrEmpty(list) ? null : list.Split(',');

    private static string? NonEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;
}
