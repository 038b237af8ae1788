using System.Runtime.InteropServices;

namespace StandbyAgent.Testing.Faults;

/// <summary>
/// SIGSTOP and SIGCONT for a process of the test's own making (a walsender, the agent): frozen, it
/// holds its sockets open and answers nothing, like a peer behind a silent partition (the
/// technique of PostgreSQL's 019_replslot_limit.pl). Disposing thaws it, so that no test leaves a
/// frozen process behind (a frozen walsender would hang the server's shutdown).
/// </summary>
public sealed partial class ProcessFreezer : IDisposable
{
    private const int SIGSTOP = 19;
    private const int SIGCONT = 18;
    private const int ESRCH = 3;

    private bool _frozen;

    private ProcessFreezer(int processId)
    {
        ProcessId = processId;
    }

    public int ProcessId { get; }

    public static ProcessFreezer Freeze(int processId)
    {
        if (Kill(processId, SIGSTOP) != 0)
        {
            throw new InvalidOperationException($"kill({processId}, SIGSTOP) failed: errno {Marshal.GetLastPInvokeError()}");
        }

        return new ProcessFreezer(processId) { _frozen = true };
    }

    /// <summary>SIGCONT; a process that is gone meanwhile (SIGKILL works on frozen ones) needs none.</summary>
    public void Thaw()
    {
        if (_frozen)
        {
            if (Kill(ProcessId, SIGCONT) != 0 && Marshal.GetLastPInvokeError() != ESRCH)
            {
                throw new InvalidOperationException($"kill({ProcessId}, SIGCONT) failed: errno {Marshal.GetLastPInvokeError()}");
            }

            _frozen = false;
        }
    }

    public void Dispose() => Thaw();

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
