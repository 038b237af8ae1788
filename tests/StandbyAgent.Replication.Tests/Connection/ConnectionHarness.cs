using Microsoft.Extensions.Logging.Abstractions;
using StandbyAgent.Replication.Configuration;
using StandbyAgent.Replication.Connection;
using StandbyAgent.Testing.FakeServer;
using StandbyAgent.Transport.Buffers;
using StandbyAgent.Transport.Tcp;

namespace StandbyAgent.Replication.Tests.Connection;

/// <summary>
/// The real connection code over kernel sockets against a scripted walsender. The client and the
/// script share one deadline: no test can hang.
/// </summary>
internal sealed class ConnectionHarness : IAsyncDisposable
{
    private readonly CancellationTokenSource _deadline = new(TimeSpan.FromSeconds(30));
    private readonly PinnedBlockMemoryPool _pool = new();
    private readonly List<ConnectionSettings> _settings = [];

    public FakeWalSender Server { get; } = new();

    public CancellationToken Deadline => _deadline.Token;

    /// <summary>Starts <see cref="PostgresConnection.OpenAsync"/> in the background.</summary>
    public Task<PostgresConnection> StartOpening(ConnectionSettings? settings = null)
    {
        ConnectionSettings used = Keep(settings ?? FakeServerSettings.For(Server));
        return Task.Run(() => PostgresConnection.OpenAsync(used, new SocketTransportFactory(_pool), NullLogger.Instance, Deadline));
    }

    public Task<FakeServerConnection> AcceptAsync() => Server.AcceptAsync(Deadline);

    /// <summary>A replication connection the fake has admitted by trust.</summary>
    public async Task<(ReplicationConnection Client, FakeServerConnection Server)> ConnectAsync()
    {
        ConnectionSettings settings = Keep(FakeServerSettings.For(Server));
        Task<ReplicationConnection> opening = Task.Run(() => ReplicationConnection.OpenAsync(settings, new SocketTransportFactory(_pool), NullLogger.Instance, Deadline));
        FakeServerConnection server = await AcceptAsync();
        await server.CompleteStartupAsync();
        return (await opening.WaitAsync(Deadline), server);
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        foreach (ConnectionSettings settings in _settings)
        {
            settings.Dispose();
        }

        _pool.Dispose();
        _deadline.Dispose();
    }

    private ConnectionSettings Keep(ConnectionSettings settings)
    {
        _settings.Add(settings);
        return settings;
    }
}
