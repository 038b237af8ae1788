using System.Net.Sockets;
using StandbyAgent.Rdma;

namespace StandbyAgent.Transport.Rdma;

/// <summary>
/// Whether this host can make RDMA connections now, checked the cheap way before a session is
/// committed to RDMA: the library loads, rsocket() finds a device, the locked-memory limit allows
/// one connection's buffers.
/// </summary>
public static class RdmaAvailability
{
    /// <returns>Null when RDMA can be used; otherwise what stands in the way.</returns>
    public static RdmaUnavailableException? Check(RsocketTransportOptions options)
    {
        if (!RdmacmLibrary.TryLoad(out string? problem))
        {
            return RdmaUnavailableException.LibraryMissing(problem!);
        }

        try
        {
            // Creating an rsocket is what finds the devices; nothing is connected or pinned yet.
            using Rsocket probe = Rsocket.Create(AddressFamily.InterNetwork);
        }
        catch (RsocketException ex)
        {
            return RdmaUnavailableException.NoDevice(ex);
        }

        ulong? limit = MemoryLockLimit.CurrentBytes;
        return limit < options.PinnedBytes && !MemoryLockLimit.IsExempt
            ? RdmaUnavailableException.MemoryLockTooLow(limit, options.PinnedBytes)
            : null;
    }
}
