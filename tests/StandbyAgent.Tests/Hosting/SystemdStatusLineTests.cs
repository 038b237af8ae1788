using StandbyAgent.Hosting.Systemd;
using StandbyAgent.Replication.Streaming;

namespace StandbyAgent.Tests.Hosting;

public sealed class SystemdStatusLineTests
{
    private readonly ReceiverStatus _status = new();

    [Fact]
    public void Says_what_the_receiver_is_doing()
    {
        Assert.Equal("Connecting to the primary", SystemdStatusLine.Describe(_status));

        _status.RecordReconnect(DisconnectReason.ConnectionLost);
        _status.RecordReconnect(DisconnectReason.ServerShutdown);
        _status.SetState(ReceiverState.Backoff);
        Assert.Equal("Waiting to reconnect (2 reconnects so far)", SystemdStatusLine.Describe(_status));

        _status.Connected(new SenderInfo(7, "slot", "tcp", "10.0.0.1", 5432));
        _status.SetState(ReceiverState.Streaming);
        Assert.Equal("Streaming from 10.0.0.1:5432 over tcp, timeline 0, flushed up to 0/0", SystemdStatusLine.Describe(_status));

        _status.SetState(ReceiverState.Stopped);
        Assert.Equal("Stopped", SystemdStatusLine.Describe(_status));
    }
}
