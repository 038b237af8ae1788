using System.Runtime.InteropServices;

namespace StandbyAgent.Rdma;

/// <summary>A librdmacm call failed: the function's name and the errno it left, with its text.</summary>
public sealed class RsocketException : IOException
{
    public RsocketException(string function, int errno)
        : base($"{function}() failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})", errno)
    {
        Function = function;
        Errno = errno;
    }

    /// <summary>The librdmacm (or libc) function that failed, such as "rconnect".</summary>
    public string Function { get; }

    public int Errno { get; }

    /// <summary>The errno <paramref name="function"/> just left, read before anything else can change it.</summary>
    internal static RsocketException FromLastError(string function) => new(function, Marshal.GetLastPInvokeError());
}
