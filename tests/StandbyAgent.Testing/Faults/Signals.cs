using System.Runtime.InteropServices;

namespace StandbyAgent.Testing.Faults;

/// <summary>kill(2), for the signals tests send to processes of their own making.</summary>
public static partial class Signals
{
    public const int SIGTERM = 15;
    public const int SIGSTOP = 19;
    public const int SIGCONT = 18;

    /// <summary>kill(2)'s errno when the process does not exist (any more).</summary>
    private const int ESRCH = 3;

    /// <returns>False when the process does not exist.</returns>
    public static bool TrySend(int processId, int signal)
    {
        if (Kill(processId, signal) == 0)
        {
            return true;
        }

        int errno = Marshal.GetLastPInvokeError();
        return errno == ESRCH ? false : throw new InvalidOperationException($"kill({processId}, {signal}) failed: errno {errno}");
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
