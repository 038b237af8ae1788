namespace StandbyAgent.Rdma;

/// <summary>The data path: nonblocking copies into and out of the registered rings, no pinning beyond the call.</summary>
public sealed partial class Rsocket
{
    /// <returns>False when nothing can be read now. True with 0 bytes at end of stream or after a failure: check <see cref="TakeError"/>.</returns>
    public unsafe bool TryReceive(Span<byte> buffer, out int received)
    {
        using SafeRsocketHandle.Lease lease = _handle.Acquire();
        nint result;
        fixed (byte* data = buffer)
        {
            do
            {
                result = Interop.Rdmacm.RRecv(lease.Index, data, (nuint)buffer.Length, Interop.Rdmacm.MSG_DONTWAIT);
            }
            while (Interop.Errors.Interrupted(result));
        }

        return Completed(result, "rrecv", out received);
    }

    /// <returns>False when nothing can be sent now; otherwise how much was taken, possibly less than all.</returns>
    public unsafe bool TrySend(ReadOnlySpan<byte> buffer, out int sent)
    {
        using SafeRsocketHandle.Lease lease = _handle.Acquire();
        nint result;
        fixed (byte* data = buffer)
        {
            do
            {
                result = Interop.Rdmacm.RSend(lease.Index, data, (nuint)buffer.Length, Interop.Rdmacm.MSG_DONTWAIT);
            }
            while (Interop.Errors.Interrupted(result));
        }

        return Completed(result, "rsend", out sent);
    }

    private static bool Completed(nint result, string function, out int bytes)
    {
        bytes = (int)Math.Max(result, 0);
        if (result >= 0)
        {
            return true;
        }

        var error = RsocketException.FromLastError(function);
        return error.Errno == Errno.EAGAIN ? false : throw error;
    }
}
