namespace StandbyAgent.Transport.Tls;

public sealed partial class TlsConnection
{
    private async Task DoSendAsync() =>
        TrySetShutdownReason(await SendLoop.RunAsync(_output.Reader, _ssl.WriteAsync, _closing.Token));
}
