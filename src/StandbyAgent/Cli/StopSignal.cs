using System.Runtime.InteropServices;

namespace StandbyAgent.Cli;

/// <summary>
/// SIGINT and SIGTERM become a cancellation the streaming loop turns into a clean stop: the
/// segment in hand is fsynced, a final status update sent, the copy ended with CopyDone.
/// </summary>
internal sealed class StopSignal : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly PosixSignalRegistration _interrupt;
    private readonly PosixSignalRegistration _terminate;

    public StopSignal()
    {
        _interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        _terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
    }

    public CancellationToken Token => _stop.Token;

    public void Dispose()
    {
        _interrupt.Dispose();
        _terminate.Dispose();
        _stop.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        // Keep the process alive: the loop decides when everything is safe on disk.
        context.Cancel = true;
        _stop.Cancel();
    }
}
