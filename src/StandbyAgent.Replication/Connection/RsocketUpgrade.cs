using StandbyAgent.Replication.Configuration;
using StandbyAgent.Transport;

namespace StandbyAgent.Replication.Connection;

/// <summary>
/// with_rsocket=true: after authentication over TCP, Postgres Pro moves the session onto an
/// rsocket (RDMA). The RDMA transport is not built yet, so the request is refused, never
/// silently served over TCP.
/// </summary>
internal static class RsocketUpgrade
{
    public static void RefuseWhatIsNotSupported(ConnectionSettings settings)
    {
        if (settings.WithRsocket)
        {
            throw new NotSupportedException(
                "with_rsocket=true asks for an RDMA connection, and the RDMA transport is not available in this build; remove with_rsocket (and WITH_RSOCKET) to connect over TCP");
        }
    }

    public static ValueTask<ITransportConnection> UpgradeIfRequestedAsync(ITransportConnection transport, ConnectionSettings settings, CancellationToken cancellationToken)
    {
        _ = settings;
        _ = cancellationToken;
        return ValueTask.FromResult(transport);
    }
}
