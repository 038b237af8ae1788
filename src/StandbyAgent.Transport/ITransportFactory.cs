namespace StandbyAgent.Transport;

/// <summary>Opens connections of one kind.</summary>
public interface ITransportFactory
{
    /// <param name="target">Where to connect.</param>
    /// <param name="cancellationToken">Cancels the attempt; the caller puts its connect timeout here.</param>
    ValueTask<ITransportConnection> ConnectAsync(TransportTarget target, CancellationToken cancellationToken);
}
