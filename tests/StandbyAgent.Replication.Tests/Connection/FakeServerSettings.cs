using StandbyAgent.Protocol.Authentication;
using StandbyAgent.Replication.Configuration;
using StandbyAgent.Testing.FakeServer;

namespace StandbyAgent.Replication.Tests.Connection;

/// <summary>Connection settings that point at a fake walsender, as a resolved connection string would.</summary>
internal static class FakeServerSettings
{
    public const string User = "walreceiver";

    public const string ApplicationName = "fake-walsender-tests";

    public static HostEndpoint EndpointOf(FakeWalSender server) => new(FakeWalSender.Address, FakeWalSender.Address, server.Port);

    public static ConnectionSettings For(FakeWalSender server, string? password = null, TimeSpan? connectTimeout = null) =>
        For([EndpointOf(server)], password, connectTimeout);

    public static ConnectionSettings For(IReadOnlyList<HostEndpoint> endpoints, string? password = null, TimeSpan? connectTimeout = null) => new()
    {
        Endpoints = endpoints,
        User = User,
        Password = password is null ? null : new Password(password),
        ApplicationName = ApplicationName,
        ConnectTimeout = connectTimeout,
        Options = new Dictionary<string, string>(),
    };
}
