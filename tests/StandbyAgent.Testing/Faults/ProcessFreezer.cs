namespace StandbyAgent.Testing.Faults;

/// <summary>
/// SIGSTOP and SIGCONT for a process of the test's own making (a walsender, the agent): frozen, it
/// holds its sockets open and answers nothing, like a peer behind a silent partition (the
/// technique of PostgreSQL's 019_replslot_limit.pl). Disposing thaws it, so that no test leaves a
/// frozen process behind (a frozen walsender would hang the server's shutdown).
/// </summary>
public sealed class ProcessFreezer : IDisposable
{
    private bool _frozen;

    private ProcessFreezer(int processId)
    {
        ProcessId = processId;
    }

    public int ProcessId { get; }

    public static ProcessFreezer Freeze(int processId) =>
        Signals.TrySend(processId, Signals.SIGSTOP)
            ? new ProcessFreezer(processId) { _frozen = true }
            : throw new InvalidOperationException($"process {processId} does not exist");

    /// <summary>SIGCONT; a process that is gone meanwhile (SIGKILL works on frozen ones) needs none.</summary>
    public void Thaw()
    {
        if (_frozen)
        {
            Signals.TrySend(ProcessId, Signals.SIGCONT);
            _frozen = false;
        }
    }

    public void Dispose() => Thaw();
}
