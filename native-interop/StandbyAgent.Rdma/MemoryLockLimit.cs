using System.Globalization;

namespace StandbyAgent.Rdma;

/// <summary>
/// RLIMIT_MEMLOCK: every rsocket pins its send and receive rings (ibv_reg_mr), and past this limit
/// the connection fails with ENOMEM, unless the process holds CAP_IPC_LOCK.
/// </summary>
public static class MemoryLockLimit
{
    private const int CapIpcLock = 14;

    /// <summary>The soft limit in bytes; null when unlimited.</summary>
    public static unsafe ulong? CurrentBytes
    {
        get
        {
            Interop.Libc.RLimit limit;
            if (Interop.Libc.GetRLimit(Interop.Libc.RLIMIT_MEMLOCK, &limit) != 0)
            {
                throw RsocketException.FromLastError("getrlimit");
            }

            return limit.Current == Interop.Libc.RLimitInfinity ? null : limit.Current;
        }
    }

    /// <summary>Whether the limit applies at all: CAP_IPC_LOCK (root has it) lets a process pin any amount.</summary>
    public static bool IsExempt
    {
        get
        {
            string? effective = File.ReadLines("/proc/self/status").FirstOrDefault(line => line.StartsWith("CapEff:", StringComparison.Ordinal));
            return effective is not null
                && ulong.TryParse(effective.AsSpan("CapEff:".Length).Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out ulong capabilities)
                && (capabilities & (1UL << CapIpcLock)) != 0;
        }
    }
}
