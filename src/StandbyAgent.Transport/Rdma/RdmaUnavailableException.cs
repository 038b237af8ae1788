using System.Globalization;
using StandbyAgent.Rdma;

namespace StandbyAgent.Transport.Rdma;

/// <summary>
/// This host cannot make RDMA connections: librdmacm is missing, there is no RDMA device, or the
/// locked-memory limit is too low. No retry helps: the host's setup must change, or the
/// connection must be allowed to fall back to TCP.
/// </summary>
public sealed class RdmaUnavailableException : NotSupportedException
{
    private RdmaUnavailableException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    public static RdmaUnavailableException LibraryMissing(string problem) =>
        new($"RDMA is not available: {problem}. Install librdmacm: on Debian and Ubuntu the package librdmacm1 "
            + "(librdmacm1t64 on newer releases), with ibverbs-providers for the adapter's driver");

    /// <summary>rsocket() itself failed: no device (ENODEV), no device node, or a kernel the library does not match.</summary>
    public static RdmaUnavailableException NoDevice(RsocketException error) => new(
        error.Errno switch
        {
            Errno.ENODEV => "RDMA is not available: rsocket() found no RDMA device (ENODEV). This host has no RDMA adapter, "
                + "or the RDMA kernel modules (ib_uverbs, rdma_ucm) or the adapter's user-space driver (Debian package ibverbs-providers) "
                + "are missing; `rdma link` should list an ACTIVE link",
            Errno.ENOENT or Errno.EACCES => $"RDMA is not available: {error.Message}. /dev/infiniband/rdma_cm is missing or not accessible "
                + "(load rdma_ucm; in a container, pass /dev/infiniband/rdma_cm and /dev/infiniband/uverbsN in)",
            Errno.EPERM => $"RDMA is not available: {error.Message}. librdmacm does not match the kernel's rdma_cm interface",
            _ => $"RDMA is not available: {error.Message}",
        },
        error);

    /// <param name="limitBytes">RLIMIT_MEMLOCK's soft limit.</param>
    /// <param name="neededBytes">What one connection pins at least.</param>
    /// <param name="error">The ENOMEM a connection attempt failed with, when that is how it showed.</param>
    public static RdmaUnavailableException MemoryLockTooLow(ulong? limitBytes, ulong neededBytes, RsocketException? error = null) =>
        new($"RDMA is not available: {(error is null ? string.Empty : error.Message + ": ")}the locked-memory limit is "
            + $"{(limitBytes is { } limit ? (limit / 1024).ToString(CultureInfo.InvariantCulture) + " kB" : "unlimited")}, and an rsocket "
            + $"connection pins at least {(neededBytes / 1024).ToString(CultureInfo.InvariantCulture)} kB for its buffers and queues. Raise it: "
            + "LimitMEMLOCK=infinity in the systemd unit (as Postgres Pro documents for its server), or ulimit -l "
            + "(memlock in /etc/security/limits.d) for a login session",
            error);
}
